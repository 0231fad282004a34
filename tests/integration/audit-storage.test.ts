import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { FirehoseAuditSink } from '../../lib/intake/audit/firehose-audit-sink.ts';
import { FolderAuditSink } from '../../lib/intake/audit/folder-audit-sink.ts';
import { batching, type AuditRecord } from '../../lib/intake/audit/audit-sink.ts';
import { processIngestMessage } from '../../lib/intake/ingest-worker.ts';
import type { IngestMessage } from '../../lib/intake/ingest-message.ts';
import { eventually, startTestService } from '../helpers/service.ts';
import { appendDelimiter, deaggregate, fakeFirehose } from '../helpers/fake-firehose.ts';
import { postStandard, trackingBody, tracking, hoursAgo } from '../helpers/stall-factories.ts';

/**
 * The dedup record stays small: a delivery's body and headers go to audit storage (locally a
 * folder, deployed a Kinesis Data Firehose stream batching into S3) and the record keeps keys,
 * state, outcome, event ids, the body hash and size. Firehose is a local HTTP endpoint that answers
 * PutRecordBatch as AWS documents it (tests/helpers/fake-firehose.ts), driven by the real SDK client.
 */

const record = (i: number, data = `{"i":${i}}`): AuditRecord => ({ provider: 'standard', deliveryId: `fh-${i}`, receivedAt: new Date().toISOString(), outcome: 'accepted', headers: { 'content-type': 'application/json' }, body: { encoding: 'utf8', data } });
/** The fake Firehose for one test (stopped when the test ends) and the real SDK client pointed at it. */
async function startFirehose(refuse?: Parameters<typeof fakeFirehose>[0]) {
  const fh = fakeFirehose(refuse);
  const client = await fh.start();
  onTestFinished(() => fh.stop());
  return { fh, client };
}
const idsOf = (data: Buffer) => deaggregate(data).map((line) => (JSON.parse(line) as AuditRecord).deliveryId);

describe('Firehose audit sink (PutRecordBatch against a local endpoint)', () => {
  it('sends the deliveries of one SQS batch as one Firehose record holding their lines', async () => {
    // Prepare
    const { fh, client } = await startFirehose();
    const sink = batching(new FirehoseAuditSink(client, 'audit-stream', () => 1));
    const sent = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => record(i));

    // Act: ten deliveries processed side by side, as the ten of an SQS batch are
    await Promise.all(sent.map((r) => sink.one(r)));

    // Assess: one call, one record, the ten lines joined by the newline the stream splits on
    expect(fh.calls.map((c) => ({ target: c.target, contentType: c.contentType, stream: c.stream, count: c.records.length }))).toEqual([
      { target: 'Firehose_20150804.PutRecordBatch', contentType: 'application/x-amz-json-1.1', stream: 'audit-stream', count: 1 },
    ]);
    expect(fh.accepted[0]!.toString('utf8')).toBe(sent.map((r) => JSON.stringify(r)).join('\n'));
  });

  it('splits more than 1,000 KiB of lines into several records, and the records into calls of at most 4 MiB', async () => {
    // Prepare: fifteen deliveries of ~300 KiB: three fit a 1,000 KiB record, four such records a 4 MiB call
    const { fh, client } = await startFirehose();
    const sink = new FirehoseAuditSink(client, 'audit-stream', () => 1);
    const sent = Array.from({ length: 15 }, (_, i) => record(i, 'x'.repeat(300 * 1024)));

    // Act
    await sink.put(sent);

    // Assess
    expect(fh.calls.map((c) => c.records.length)).toEqual([4, 1]);
    for (const c of fh.calls) expect(c.records.reduce((n, r) => n + r.length, 0)).toBeLessThanOrEqual(4 * 1024 * 1024);
    expect(fh.accepted.map((r) => r.length <= 1000 * 1024)).toEqual([true, true, true, true, true]);
    expect(fh.accepted.map(idsOf)).toEqual([0, 3, 6, 9, 12].map((i) => [`fh-${i}`, `fh-${i + 1}`, `fh-${i + 2}`]));
  });

  it('re-sends a refused aggregated record whole, and only it, after a partial failure', async () => {
    // Prepare: five ~400 KiB deliveries make three records (2 + 2 + 1); the first call refuses the middle one
    const { fh, client } = await startFirehose((call, i) => call === 0 && i === 1);
    const sink = new FirehoseAuditSink(client, 'audit-stream', () => 1);
    const sent = Array.from({ length: 5 }, (_, i) => record(i, 'y'.repeat(400 * 1024)));

    // Act
    await sink.put(sent);

    // Assess: the second call carries exactly the refused record, byte for byte, with both its deliveries
    expect(fh.calls.map((c) => c.records.length)).toEqual([3, 1]);
    expect(fh.calls[1]!.records[0]!.equals(fh.calls[0]!.records[1]!)).toBe(true);
    expect(idsOf(fh.calls[1]!.records[0]!)).toEqual(['fh-2', 'fh-3']);
    expect(fh.accepted.flatMap(idsOf).sort()).toEqual(['fh-0', 'fh-1', 'fh-2', 'fh-3', 'fh-4']);
  });

  it('gives back every delivery exactly once the stream deaggregates what was sent on its delimiter', async () => {
    // Prepare: deliveries whose bodies hold what could confuse a splitter: newlines, CR, U+2028, unicode, JSON-in-JSON
    const { fh, client } = await startFirehose();
    const sink = batching(new FirehoseAuditSink(client, 'audit-stream', () => 1));
    const bodies = ['{"a":1}\n{"a":2}', 'line1\r\nline2\n', '\u2028退货 size too small\u2029', '{"nested":"{\\"x\\":\\"\\n\\"}"}', '', 'x'.repeat(5000)];
    const sent: AuditRecord[] = bodies.map((data, i) => ({ ...record(i, data), headers: { 'x-sig': `s\n${i}`, 'user-agent': 'Shopify-Captain-Hook' }, sourceEventType: i % 2 ? 'orders/updated' : undefined }));

    // Act
    await Promise.all(sent.map((r) => sink.one(r)));

    // Assess: RecordDeAggregation (DELIMITED, the stack's base64 Delimiter) gives one sub-record per
    // delivery and nothing else (an empty one would fail MetadataExtraction); AppendDelimiterToRecord
    // then makes the object NDJSON, one delivery per line
    expect(fh.accepted).toHaveLength(1);
    const subRecords = fh.accepted.flatMap((r) => deaggregate(r));
    expect(subRecords.map((sub) => JSON.parse(sub) as AuditRecord)).toEqual(sent.map((r) => JSON.parse(JSON.stringify(r)) as AuditRecord));
    const lines = subRecords.map(appendDelimiter).join('').split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((l) => JSON.parse(l) as AuditRecord)).toEqual(sent.map((r) => JSON.parse(JSON.stringify(r)) as AuditRecord));
    expect(lines.map((l) => (JSON.parse(l) as AuditRecord).body!.data)).toEqual(bodies);
  });

  it('fails every delivery of a record Firehose keeps refusing, none acknowledged without its audit copy', async () => {
    // Prepare: the record of the batch is refused on every attempt
    const { fh, client } = await startFirehose(() => true);
    const sink = batching(new FirehoseAuditSink(client, 'audit-stream', () => 1));

    // Act: three deliveries of one batch share one Firehose record
    const results = await Promise.allSettled([0, 1, 2].map((i) => sink.one(record(i))));

    // Assess: six attempts of that one record, and all three callers see the failure
    expect(fh.calls.map((c) => c.records.length)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(String((results[0] as PromiseRejectedResult).reason)).toMatch(/Firehose refused 3 audit record\(s\) \(1 Firehose record\(s\)\) after 6 attempts/);
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
