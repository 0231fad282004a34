import { AwsClient } from 'aws4fetch';

export interface LambdaInvokeTarget {
  functionName: string;
  region: string;
  /** The function's own credentials (Lambda sets them in its environment). */
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Lambda's endpoint; tests point it at a local server answering as Invoke does. */
  endpoint?: string;
}

/**
 * One Lambda Invoke (`POST /2015-03-31/functions/<name>/invocations`), SigV4-signed through
 * aws4fetch rather than @aws-sdk/client-lambda, whose full schema set adds 70 kB to a bundle for
 * this one call. The caller reads the answer: what a 202, a 200 or a function error means differs
 * between an asynchronous and a synchronous invoke.
 * https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html
 */
export const lambdaInvoker = (t: LambdaInvokeTarget, fetchImpl: typeof fetch = fetch) => {
  const aws = new AwsClient({ ...t.credentials, region: t.region, service: 'lambda' });
  const url = `${t.endpoint ?? `https://lambda.${t.region}.amazonaws.com`}/2015-03-31/functions/${encodeURIComponent(t.functionName)}/invocations`;
  return async (payload: unknown, o: { invocationType: 'Event' | 'RequestResponse'; signal?: AbortSignal }): Promise<Response> =>
    fetchImpl(await aws.sign(url, { method: 'POST', headers: { 'X-Amz-Invocation-Type': o.invocationType, 'content-type': 'application/json' }, body: JSON.stringify(payload), signal: o.signal }));
};
