import { randomUUID } from 'node:crypto';
import type { StallScanGate } from './scan-gate.ts';
import type { StallScanResult } from './stall-scanner.ts';
import { lambdaInvoker, type LambdaInvokeTarget } from '../platform/aws/lambda-invoke.ts';

export type ScanTriggerResult = { status: 200; result: StallScanResult } | { status: 202; scanId: string };

/** Locally the API process runs the scan itself (one at a time) and answers with its result. */
export const inProcessScanTrigger = (gate: StallScanGate) => async (): Promise<ScanTriggerResult> => ({ status: 200, result: await gate.run() });

/**
 * Deployed, the scan runs where its grants are (the scanner function may send to the notify
 * queue; the API may not): an asynchronous Invoke (`X-Amz-Invocation-Type: Event`, answered 202)
 * that Lambda queues and retries, with an id the scanner logs so a caller can find the run.
 */
export const lambdaScanTrigger = (t: LambdaInvokeTarget, fetchImpl: typeof fetch = fetch) => {
  const invoke = lambdaInvoker(t, fetchImpl);
  return async (): Promise<ScanTriggerResult> => {
    const scanId = randomUUID();
    const res = await invoke({ source: 'operator-api', scanId }, { invocationType: 'Event' });
    await res.body?.cancel().catch(() => undefined);
    if (res.status !== 202) throw Object.assign(new Error(`scanner invoke answered ${res.status}`), { name: res.status === 429 || res.status >= 500 ? 'ServiceUnavailable' : 'InvokeRefused' });
    return { status: 202, scanId };
  };
};
