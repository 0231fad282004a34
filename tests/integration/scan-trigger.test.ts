import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_LAMBDA_CREDENTIALS, startFakeLambda, type SeenRequest } from '../helpers/fake-lambda.ts';
import { lambdaScanTrigger } from '../../lib/logistics/scan-trigger.ts';

/**
 * `POST /stall-scan` deployed: an asynchronous Lambda Invoke. A local server answers as Lambda's
 * Invoke API documents (202 for InvocationType Event) and checks the SigV4 signature with the
 * AWS SDK's own signer, so a request Lambda would refuse is refused here too.
 */
const creds = FAKE_LAMBDA_CREDENTIALS;
let lambda: Awaited<ReturnType<typeof startFakeLambda>>;
let base = '';
let seen: SeenRequest[] = [];
let status = 202;

beforeAll(async () => {
  lambda = await startFakeLambda((_body, res) => res.writeHead(status, { 'content-type': 'application/json' }).end());
  base = lambda.url;
  seen = lambda.seen;
});
afterAll(() => lambda.stop());

describe('the deployed scan trigger', () => {
  it('invokes exactly the scanner function asynchronously, signed, and answers 202 with a scan id', async () => {
    seen.length = 0;
    status = 202;
    const trigger = lambdaScanTrigger({ functionName: 'hub-StallScanner-1', region: 'eu-west-1', credentials: creds, endpoint: base });
    const r = await trigger();
    expect(r).toMatchObject({ status: 202, scanId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/2015-03-31/functions/hub-StallScanner-1/invocations' });
    expect(seen[0]!.headers['x-amz-invocation-type']).toBe('Event');
    expect(JSON.parse(seen[0]!.body)).toEqual({ source: 'operator-api', scanId: r.status === 202 ? r.scanId : '' });
  });

  it('a refused or throttled invoke is an error, never a 202', async () => {
    status = 429;
    const trigger = lambdaScanTrigger({ functionName: 'f', region: 'eu-west-1', credentials: creds, endpoint: base });
    await expect(trigger()).rejects.toMatchObject({ name: 'ServiceUnavailable' });
    const wrong = lambdaScanTrigger({ functionName: 'f', region: 'eu-west-1', credentials: { ...creds, secretAccessKey: 'not-it' }, endpoint: base });
    await expect(wrong()).rejects.toMatchObject({ name: 'InvokeRefused', message: 'scanner invoke answered 403' });
  });
});
