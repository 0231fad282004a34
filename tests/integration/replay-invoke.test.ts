import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FAKE_LAMBDA_CREDENTIALS, startFakeLambda, type SeenRequest } from '../helpers/fake-lambda.ts';
import { standardSigner } from '../../events/signers/standard.ts';
import { createBaseApp } from '../../lib/http/base-app.ts';
import { quarantineId, type RawEventRecord } from '../../lib/intake/raw-event-store.ts';
import { quarantineRoutes } from '../../lib/http/quarantine-routes.ts';
import type { IngestMessage } from '../../lib/intake/ingest-message.ts';
import { envSecretSource } from '../../lib/intake/providers/secrets.ts';
import { lambdaReplay } from '../../lib/intake/replay-invoke.ts';
import { replayQuarantined, replayRecordOf } from '../../lib/intake/replay-quarantined.ts';
import { createLogger } from '../../lib/platform/logger.ts';

/**
 * `POST /quarantine/:id/replay` deployed: operator-api invokes webhook-api synchronously. A local
 * server answers as Lambda's Invoke API documents (200 with the function's answer; a function
 * error as 200 with `X-Amz-Function-Error` and `{errorType, errorMessage}`), checks the SigV4
 * signature with the AWS SDK's own signer, and runs what webhook-api's handler runs for such a
 * payload: `replayRecordOf` → `replayQuarantined` with the local default secrets and a queue here.
 */
const creds = FAKE_LAMBDA_CREDENTIALS;
let lambda: Awaited<ReturnType<typeof startFakeLambda>>;
let base = '';
let seen: SeenRequest[] = [];
/** Set: Lambda answers this status itself (throttled, its own fault, no such function) without running the function. */
let lambdaStatus: number | undefined;
let queued: IngestMessage[] = [];
const secrets = envSecretSource({}, { localDefaults: true });

beforeAll(async () => {
  lambda = await startFakeLambda(async (body, res) => {
    if (lambdaStatus) return res.writeHead(lambdaStatus, { 'content-type': 'application/json' }).end(`{"message":"answered ${lambdaStatus}"}`);
    try {
      const result = await replayQuarantined(replayRecordOf(JSON.parse(body)), { secrets, ingestQueue: { send: async (m) => void queued.push(m), sendSerialized: async () => undefined } });
      res.writeHead(200, { 'content-type': 'application/json', 'x-amz-executed-version': '$LATEST' }).end(JSON.stringify(result));
    } catch (err) {
      const e = err as Error;
      res.writeHead(200, { 'content-type': 'application/json', 'x-amz-function-error': 'Unhandled' }).end(JSON.stringify({ errorType: e.name, errorMessage: e.message, trace: [] }));
    }
  });
  base = lambda.url;
  seen = lambda.seen;
});
afterAll(() => lambda.stop());
beforeEach(() => {
  seen.length = 0;
  queued = [];
  lambdaStatus = undefined;
});

const delivery = (data: string): RawEventRecord => {
  const d = standardSigner.sign(Buffer.from(data), { deliveryId: 'msg_replay_1' });
  return {
    provider: 'standard',
    deliveryId: 'msg_replay_1',
    receivedAt: '2026-03-01T08:00:00.000Z',
    headers: d.headers,
    body: { encoding: 'utf8', data },
    state: 'quarantined',
    outcome: 'quarantined',
    quarantineReason: 'was not understood',
    events: [],
    bodySha256: 'abc',
  };
};
const shipped = JSON.stringify({ type: 'order.shipped', timestamp: '2026-03-01T08:00:00Z', data: { orderId: 'R-1', carrier: 'sf-express', trackingNumber: 'SFR1', shippedAt: '2026-03-01T08:00:00Z', items: [] } });
const replay = (o: { functionName?: string; credentials?: typeof creds } = {}) => lambdaReplay({ functionName: o.functionName ?? 'hub-WebhookApi-1', region: 'eu-west-1', credentials: o.credentials ?? creds, endpoint: base });

/** The operator route with the deployed replay behind it, errors mapped as the operator app maps them. */
function operatorApp(record: RawEventRecord) {
  const app = createBaseApp(createLogger({ serviceName: 'test', level: 'SILENT' }));
  app.route('/quarantine', quarantineRoutes({ records: { get: async () => record, listQuarantine: async () => ({ items: [record] }), ignoredCounts: async () => [] }, replay: replay() }));
  return (path = `/quarantine/${quarantineId(record.provider, record.deliveryId)}/replay`) => app.request(path, { method: 'POST' });
}

describe('quarantine replay, deployed: operator-api invokes webhook-api', () => {
  it('invokes exactly the webhook function synchronously, signed, with only what the replay reads, and returns its ReplayResult', async () => {
    const record = delivery(shipped);
    expect(await replay()(record)).toEqual({ replayed: true, events: 1 });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/2015-03-31/functions/hub-WebhookApi-1/invocations' });
    expect(seen[0]!.headers['x-amz-invocation-type']).toBe('RequestResponse');
    expect(JSON.parse(seen[0]!.body)).toEqual({ action: 'replay-quarantined', record: { provider: 'standard', deliveryId: 'msg_replay_1', receivedAt: record.receivedAt, headers: record.headers, body: record.body } });
    // the events go through the ingest queue, marked as a replay
    expect(queued).toMatchObject([{ provider: 'standard', deliveryId: 'msg_replay_1', outcome: 'accepted', replay: true, rawStoredInTable: true, events: [{ type: 'order.shipped' }] }]);
  });

  it('POST /quarantine/:id/replay answers 202 when replayed and 422 with the reason when today’s adapter still cannot read it', async () => {
    const ok = await operatorApp(delivery(shipped))();
    expect(ok.status).toBe(202);
    expect(await ok.json()).toEqual({ replayed: true, events: 1 });
    const still = await operatorApp(delivery('{"type":'))();
    expect(still.status).toBe(422);
    expect(await still.json()).toMatchObject({ replayed: false, reason: expect.stringMatching(/unreadable/) });
    expect(queued).toHaveLength(1);
  });

  it('a throttled or failing Lambda is a 503 to retry; a function error is a 503 naming the replay; a refused invoke is an error, never a 202', async () => {
    const record = delivery(shipped);
    for (const status of [429, 500, 503]) {
      lambdaStatus = status;
      await expect(replay()(record)).rejects.toMatchObject({ kind: 'unavailable', code: 'replay_unavailable' });
      const res = await operatorApp(record)();
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      expect(await res.json()).toMatchObject({ error: { code: 'replay_unavailable' } });
    }
    lambdaStatus = 404;
    await expect(replay({ functionName: 'gone' })(record)).rejects.toMatchObject({ name: 'InvokeRefused', message: expect.stringMatching(/answered 404/) });
    lambdaStatus = undefined;
    await expect(replay({ credentials: { ...creds, secretAccessKey: 'not-it' } })(record)).rejects.toMatchObject({ name: 'InvokeRefused', message: expect.stringMatching(/answered 403/) });
    // the function itself failed (here: its queue refused the send), reported as Lambda does
    const failing = lambdaReplay({ functionName: 'f', region: 'eu-west-1', credentials: creds, endpoint: base }, async () =>
      new Response(JSON.stringify({ errorType: 'QueueDoesNotExist', errorMessage: 'The specified queue does not exist.', trace: [] }), { status: 200, headers: { 'x-amz-function-error': 'Unhandled' } }),
    );
    await expect(failing(record)).rejects.toMatchObject({ kind: 'unavailable', code: 'replay_failed', cause: { message: expect.stringMatching(/Unhandled: QueueDoesNotExist: The specified queue does not exist/) } });
    expect(queued).toEqual([]);
  });

  it('webhook-api refuses a direct payload of any other shape, and the caller reports it as a refused invoke', async () => {
    const record = delivery(shipped);
    expect(() => replayRecordOf({ action: 'delete', record })).toThrow(/invalid replay invoke: unknown action "delete"/);
    expect(() => replayRecordOf({ action: 'replay-quarantined' })).toThrow(/no record/);
    expect(() => replayRecordOf({ action: 'replay-quarantined', record: { ...record, deliveryId: 7 } })).toThrow(/provider, deliveryId and receivedAt/);
    expect(() => replayRecordOf({ action: 'replay-quarantined', record: { ...record, headers: { a: 1 } } })).toThrow(/headers must be strings/);
    expect(() => replayRecordOf({ action: 'replay-quarantined', record: { ...record, body: { encoding: 'hex', data: 'ab' } } })).toThrow(/body must be/);
    // what webhook-api keeps of a valid one: exactly what the replay reads
    expect(replayRecordOf({ action: 'replay-quarantined', record })).toEqual({ provider: 'standard', deliveryId: 'msg_replay_1', receivedAt: record.receivedAt, headers: record.headers, body: record.body });
    // a record without headers (as an older quarantined record may be) is still replayable
    expect(replayRecordOf({ action: 'replay-quarantined', record: { ...record, headers: undefined } }).headers).toEqual({});
    // the caller's view: webhook-api's function error for a payload it refuses is not something to retry
    const refused = lambdaReplay({ functionName: 'f', region: 'eu-west-1', credentials: creds, endpoint: base }, async () =>
      new Response(JSON.stringify({ errorType: 'InvalidReplayInvoke', errorMessage: 'invalid replay invoke: no record' }), { status: 200, headers: { 'x-amz-function-error': 'Unhandled' } }),
    );
    await expect(refused(record)).rejects.toMatchObject({ name: 'InvokeRefused', message: expect.stringMatching(/InvalidReplayInvoke: invalid replay invoke: no record/) });
    // an answer that is not a ReplayResult is never taken for one
    const odd = lambdaReplay({ functionName: 'f', region: 'eu-west-1', credentials: creds, endpoint: base }, async () => new Response('null', { status: 200 }));
    await expect(odd(record)).rejects.toMatchObject({ code: 'replay_failed' });
  });
});
