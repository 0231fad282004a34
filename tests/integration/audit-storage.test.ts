import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { FirehoseClient } from '@aws-sdk/client-firehose';
import { FirehoseAuditSink } from '../../lib/intake/audit/firehose-audit-sink.ts';
import { FolderAuditSink } from '../../lib/intake/audit/folder-audit-sink.ts';
import { batching, type AuditRecord } from '../../lib/intake/audit/audit-sink.ts';
import { processIngestMessage } from '../../lib/intake/ingest-worker.ts';
import type { IngestMessage } from '../../lib/intake/ingest-message.ts';
import { eventually, startTestService } from '../helpers/service.ts';
import { postStandard, trackingBody, tracking, hoursAgo } from '../helpers/stall-factories.ts';

/**
 * The dedup record stays small: a delivery's body and headers go to audit storage (locally a
 * folder, deployed a Kinesis Data Firehose stream batching into S3) and the record keeps keys,
 * state, outcome, event ids, the body hash and size. Firehose is a local HTTP endpoint that answers
 * PutRecordBatch as AWS documents it (awsJson1_1, `Firehose_20150804.PutRecordBatch`,
 * FailedPutCount + RequestResponses), driven by the real SDK client.
 */

/** A Firehose stand-in: records what it accepted; `refuse(call, index)` decides which entries fail. */
function fakeFirehose(refuse: (call: number, index: number) => boolean) {
  const accepted: string[] = [];
  const calls: { target: string; contentType: string; stream: string; count: number }[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { DeliveryStreamName: string; Records: { Data: string }[] };
      const call = calls.length;
      calls.push({ target: String(req.headers['x-amz-target']), contentType: String(req.headers['content-type']), stream: body.DeliveryStreamName, count: body.Records.length });
      const responses = body.Records.map((r, i) => {
        if (refuse(call, i)) return { ErrorCode: 'ServiceUnavailableException', ErrorMessage: 'Slow down.' };
        accepted.push(Buffer.from(r.Data, 'base64').toString('utf8'));
        return { RecordId: randomBytes(8).toString('hex') };
      });
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify({ FailedPutCount: responses.filter((r) => 'ErrorCode' in r).length, Encrypted: false, RequestResponses: responses }));
    });
  });
  return {
    accepted,
    calls,
    async start() {
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
      return new FirehoseClient({ region: 'us-east-1', endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });
    },
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const record = (i: number): AuditRecord => ({ provider: 'standard', deliveryId: `fh-${i}`, receivedAt: new Date().toISOString(), outcome: 'accepted', headers: { 'content-type': 'application/json' }, body: { encoding: 'utf8', data: `{"i":${i}}` } });

describe('Firehose audit sink (PutRecordBatch against a local endpoint)', () => {
  it('sends one batch per SQS batch, and re-sends exactly the records a partial failure refused', async () => {
    // Prepare: the first call refuses entries 1 and 3
    const fh = fakeFirehose((call, i) => call === 0 && (i === 1 || i === 3));
    const client = await fh.start();
    try {
      const sink = batching(new FirehoseAuditSink(client, 'audit-stream', () => 1));

      // Act: five deliveries processed side by side, as the ten of an SQS batch are
      await Promise.all([0, 1, 2, 3, 4].map((i) => sink.one(record(i))));

      // Assess
      expect(fh.calls).toEqual([
        { target: 'Firehose_20150804.PutRecordBatch', contentType: 'application/x-amz-json-1.1', stream: 'audit-stream', count: 5 },
        { target: 'Firehose_20150804.PutRecordBatch', contentType: 'application/x-amz-json-1.1', stream: 'audit-stream', count: 2 },
      ]);
      const ids = fh.accepted.map((line) => (JSON.parse(line) as AuditRecord).deliveryId).sort();
      expect(ids).toEqual(['fh-0', 'fh-1', 'fh-2', 'fh-3', 'fh-4']);
      expect(fh.accepted.every((line) => line.endsWith('\n'))).toBe(true);
    } finally {
      await fh.stop();
    }
  });

  it('fails the delivery when Firehose keeps refusing: it is retried, never marked done without its audit copy', async () => {
    // Prepare: a stream that refuses everything; a worker whose audit is that stream
    const fh = fakeFirehose(() => true);
    const client = await fh.start();
    const svc = await startTestService({ roles: { api: false, workers: false, scanner: false } });
    try {
      const deps = { rawEvents: svc.parts.rawEvents, handleEvents: svc.parts.handleEvents, now: () => new Date(), audit: batching(new FirehoseAuditSink(client, 'audit-stream', () => 1)) };
      const msg: IngestMessage = { v: 1, provider: 'standard', deliveryId: `fh-fail-${randomBytes(4).toString('hex')}`, receivedAt: new Date().toISOString(), headers: {}, body: { encoding: 'utf8', data: '{}' }, outcome: 'accepted', events: [] };

      // Act
      const result = processIngestMessage(JSON.stringify(msg), deps);

      // Assess
      await expect(result).rejects.toThrow(/Firehose refused 1 audit record/);
      expect(fh.calls.length).toBe(6);
      expect(await svc.parts.rawEvents.get(msg.provider, msg.deliveryId)).toBeUndefined();
    } finally {
      await svc.stop();
      await fh.stop();
    }
  });
});

describe('local audit folder and the small dedup record', () => {
  const dir = mkdtempSync(join(tmpdir(), 'audit-'));
  let svc: Awaited<ReturnType<typeof startTestService>>;
  beforeAll(async () => {
    svc = await startTestService({ env: { AUDIT_DIR: dir, RAW_EVENT_TTL_DAYS: '30', STAGE: 'local' } });
  });
  afterAll(async () => svc?.stop());

  it('keeps the body in the folder and only keys, state, outcome, event ids, hash and size in the record', async () => {
    // Prepare
    const body = trackingBody(tracking(`AUD-${randomBytes(3).toString('hex')}`, hoursAgo(1)));

    // Act: a signed courier update over HTTP, through the queue and the worker
    expect(await postStandard(svc.url, body)).toBe(200);

    // Assess: find the file the worker wrote (one per delivery, under the day of receipt)
    const day = new Date().toISOString().slice(0, 10);
    const file = await eventually(async () => {
      const { readdir } = await import('node:fs/promises');
      const names = await readdir(join(dir, day, 'standard')).catch(() => [] as string[]);
      return names[0];
    }, 'audit file written');
    const audit = JSON.parse(await readFile(join(dir, day, 'standard', file), 'utf8')) as AuditRecord;
    expect(JSON.parse(audit.body!.data)).toEqual(body);
    expect(Object.keys(audit.headers).length).toBeGreaterThan(0);
    const r = await eventually(async () => {
      const rec = await svc.parts.rawEvents.get('standard', audit.deliveryId);
      return rec?.state === 'done' ? rec : undefined;
    }, 'record done');
    expect(r.body).toBeUndefined();
    expect(r.headers).toBeUndefined();
    expect(r).toMatchObject({ state: 'done', outcome: 'accepted', bodySha256: expect.stringMatching(/^[0-9a-f]{64}$/), bodyBytes: Buffer.byteLength(audit.body!.data) });
    expect(r.events.map((e) => e.type)).toEqual(['tracking.updated']);
    // the folder store reads it back by the record's own fields (what GET /deliveries and tools use)
    expect(await new FolderAuditSink(dir, 30).get(r.provider, r.deliveryId, r.receivedAt)).toMatchObject({ deliveryId: r.deliveryId, body: audit.body });
  });

  it('acknowledges and records an ignored topic without storing its body anywhere', async () => {
    // Prepare
    const msg: IngestMessage = { v: 1, provider: 'shopify', deliveryId: `ign-${randomBytes(4).toString('hex')}`, receivedAt: new Date().toISOString(), headers: { 'x-shopify-topic': 'orders/updated' }, body: { encoding: 'utf8', data: '{"big":"order payload"}' }, outcome: 'ignored', sourceEventType: 'orders/updated', events: [] };
    const deps = { rawEvents: svc.parts.rawEvents, handleEvents: svc.parts.handleEvents, now: () => new Date(), audit: batching(new FolderAuditSink(dir, 30)) };

    // Act
    expect(await processIngestMessage(JSON.stringify(msg), deps)).toBe('processed');

    // Assess
    const r = await svc.parts.rawEvents.get(msg.provider, msg.deliveryId);
    expect(r).toMatchObject({ state: 'done', outcome: 'ignored', sourceEventType: 'orders/updated', bodyBytes: 23 });
    expect(r?.body).toBeUndefined();
    expect(await new FolderAuditSink(dir, 30).get(msg.provider, msg.deliveryId, msg.receivedAt)).toBeUndefined();
    // a redelivery is still a duplicate
    expect(await processIngestMessage(JSON.stringify(msg), deps)).toBe('duplicate');
  });
});
