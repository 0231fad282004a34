import { AwsClient } from 'aws4fetch';
import { randomUUID } from 'node:crypto';
import type { StallScanGate } from './scan-gate.ts';
import type { StallScanResult } from './stall-scanner.ts';

export type ScanTriggerResult = { status: 200; result: StallScanResult } | { status: 202; scanId: string };

/** Locally the API process runs the scan itself (one at a time) and answers with its result. */
export const inProcessScanTrigger = (gate: StallScanGate) => async (): Promise<ScanTriggerResult> => ({ status: 200, result: await gate.run() });

export interface LambdaInvokeTarget {
  functionName: string;
  region: string;
  /** The function's own credentials (Lambda sets them in its environment). */
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Lambda's endpoint; tests point it at a local server answering as Invoke does. */
  endpoint?: string;
}

/**
 * Deployed, the scan runs where its grants are (the scanner function may send to the notify
 * queue; the API may not): an asynchronous Invoke (`X-Amz-Invocation-Type: Event`, answered 202)
 * that Lambda queues and retries, with an id the scanner logs so a caller can find the run.
 * One SigV4-signed request through aws4fetch rather than @aws-sdk/client-lambda, whose full
 * schema set adds 70 kB to the operator API's bundle for this one call.
 * https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html
 */
export const lambdaScanTrigger = (t: LambdaInvokeTarget, fetchImpl: typeof fetch = fetch) => {
  const aws = new AwsClient({ ...t.credentials, region: t.region, service: 'lambda' });
  const base = t.endpoint ?? `https://lambda.${t.region}.amazonaws.com`;
  return async (): Promise<ScanTriggerResult> => {
    const scanId = randomUUID();
    const req = await aws.sign(`${base}/2015-03-31/functions/${encodeURIComponent(t.functionName)}/invocations`, {
      method: 'POST',
      headers: { 'X-Amz-Invocation-Type': 'Event', 'content-type': 'application/json' },
      body: JSON.stringify({ source: 'operator-api', scanId }),
    });
    const res = await fetchImpl(req);
    await res.body?.cancel().catch(() => undefined);
    if (res.status !== 202) throw Object.assign(new Error(`scanner invoke answered ${res.status}`), { name: res.status === 429 || res.status >= 500 ? 'ServiceUnavailable' : 'InvokeRefused' });
    return { status: 202, scanId };
  };
};
