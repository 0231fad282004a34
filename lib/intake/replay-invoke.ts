import { lambdaInvoker, type LambdaInvokeTarget } from '../platform/aws/lambda-invoke.ts';
import { HubError } from '../platform/errors.ts';
import type { ReplayInvoke, ReplayRecord, ReplayResult } from './replay-quarantined.ts';

/**
 * Deployed, quarantine replay runs in webhook-api, where the adapters and the provider secrets
 * already are (the operator API bundles neither): a synchronous Lambda Invoke
 * (`X-Amz-Invocation-Type: RequestResponse`) whose answer is the `ReplayResult`. Signed with
 * aws4fetch like the scan trigger (lib/platform/aws/lambda-invoke.ts).
 *
 * Errors: throttled or a Lambda 5xx → 503 `replay_unavailable`; the function failed
 * (`X-Amz-Function-Error`, e.g. a timeout or its queue not answering) → 503 `replay_failed`, its
 * errorType and errorMessage in the logged cause; any other refusal (403 no grant, 404 no such
 * function, webhook-api refusing the payload) → `InvokeRefused`, a 500: a deployment fault, not
 * something to retry.
 */
export const lambdaReplay = (t: LambdaInvokeTarget & { timeoutMs?: number }, fetchImpl: typeof fetch = fetch) => {
  const invoke = lambdaInvoker(t, fetchImpl);
  return async (r: ReplayRecord): Promise<ReplayResult> => {
    // Only what the replay reads: not the record's state, events or hashes.
    const payload: ReplayInvoke = { action: 'replay-quarantined', record: { provider: r.provider, deliveryId: r.deliveryId, receivedAt: r.receivedAt, headers: r.headers, body: r.body } };
    const res = await invoke(payload, { invocationType: 'RequestResponse', signal: AbortSignal.timeout(t.timeoutMs ?? 20_000) });
    const text = await res.text();
    const cause = new Error(`webhook-api invoke answered ${res.status}: ${text.slice(0, 300)}`);
    if (res.status === 429 || res.status >= 500) throw new HubError('unavailable', 'replay_unavailable', 'the webhook function did not take the replay; retry later', { cause });
    if (res.status !== 200) throw Object.assign(cause, { name: 'InvokeRefused' });
    const answer = parseJson(text) as (Partial<ReplayResult> & { errorType?: string; errorMessage?: string }) | undefined;
    const functionError = res.headers.get('x-amz-function-error');
    if (functionError || typeof answer?.replayed !== 'boolean') {
      const failure = new Error(`webhook-api ${functionError ?? 'answered no ReplayResult'}: ${answer?.errorType ? `${answer.errorType}: ${answer.errorMessage ?? ''}` : text.slice(0, 300)}`);
      // The payload this sends was refused (the two sides disagree on its shape): not worth a retry.
      if (answer?.errorType === 'InvalidReplayInvoke') throw Object.assign(failure, { name: 'InvokeRefused' });
      throw new HubError('unavailable', 'replay_failed', 'the replay failed in the webhook function; retry later', { cause: failure });
    }
    return answer as ReplayResult;
  };
};

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
