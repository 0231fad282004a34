import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { randomUUID } from 'node:crypto';
import type { StallScanGate } from './scan-gate.ts';
import type { StallScanResult } from './stall-scanner.ts';

export type ScanTriggerResult = { status: 200; result: StallScanResult } | { status: 202; scanId: string };

/** Locally the API process runs the scan itself (one at a time) and answers with its result. */
export const inProcessScanTrigger = (gate: StallScanGate) => async (): Promise<ScanTriggerResult> => ({ status: 200, result: await gate.run() });

/**
 * Deployed, the scan runs where its grants are (the scanner function may send to the notify
 * queue; the API may not): an asynchronous invoke (`InvocationType: 'Event'`) that Lambda queues
 * and retries, answered 202 with an id the scanner logs, so a caller can find the run.
 */
export const lambdaScanTrigger = (lambda: LambdaClient, functionName: string) => async (): Promise<ScanTriggerResult> => {
  const scanId = randomUUID();
  await lambda.send(new InvokeCommand({ FunctionName: functionName, InvocationType: 'Event', Payload: Buffer.from(JSON.stringify({ source: 'operator-api', scanId })) }));
  return { status: 202, scanId };
};
