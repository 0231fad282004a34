import { Sha256 } from '@smithy/core/checksum';
import { SignatureV4 } from '@smithy/signature-v4';
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
 * One request signed with the AWS SDK's own SigV4 signer (already in the bundle: every SDK client
 * signs with it) rather than @aws-sdk/client-lambda, whose full schema set adds 70 kB to the
 * operator API's bundle for this one call.
 * https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html
 */
export const lambdaScanTrigger = (t: LambdaInvokeTarget, fetchImpl: typeof fetch = fetch) => {
  const signer = new SignatureV4({ credentials: t.credentials, region: t.region, service: 'lambda', sha256: Sha256, applyChecksum: false });
  const base = new URL(t.endpoint ?? `https://lambda.${t.region}.amazonaws.com`);
  return async (): Promise<ScanTriggerResult> => {
    const scanId = randomUUID();
    const path = `/2015-03-31/functions/${encodeURIComponent(t.functionName)}/invocations`;
    const body = JSON.stringify({ source: 'operator-api', scanId });
    const signed = await signer.sign({
      method: 'POST',
      protocol: base.protocol,
      hostname: base.hostname,
      port: base.port ? Number(base.port) : undefined,
      path,
      query: {},
      // SigV4 must cover the host; fetch sends the same value itself (it may not be set by hand).
      headers: { host: base.host, 'x-amz-invocation-type': 'Event', 'content-type': 'application/json' },
      body,
    });
    const { host: _host, ...headers } = signed.headers;
    const res = await fetchImpl(new URL(path, base), { method: 'POST', headers, body });
    await res.body?.cancel().catch(() => undefined);
    if (res.status !== 202) throw Object.assign(new Error(`scanner invoke answered ${res.status}`), { name: res.status === 429 || res.status >= 500 ? 'ServiceUnavailable' : 'InvokeRefused' });
    return { status: 202, scanId };
  };
};
