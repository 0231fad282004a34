import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { startSqsLocal, type RunningSqs } from '../../lib/local/sqs-local.ts';
import { S3AuditReader, auditPrefixOf } from '../../lib/intake/audit/audit-reader.ts';
import type { AuditRecord } from '../../lib/intake/audit/audit-sink.ts';
import { FirehoseAuditSink } from '../../lib/intake/audit/firehose-audit-sink.ts';
import { appendDelimiter, deaggregate, fakeFirehose } from '../helpers/fake-firehose.ts';
import { eventually, startTestService } from '../helpers/service.ts';
import { postStandard, trackingBody, tracking, hoursAgo } from '../helpers/stall-factories.ts';

/**
 * A done delivery's body is readable again from audit storage: deployed from the S3 objects
 * Firehose wrote under the provider + receive-hour prefix (fauxqs' S3 emulator, real
 * @aws-sdk/client-s3), locally from the folder, through GET /deliveries/:provider/:id/body.
 */
const rec = (deliveryId: string, receivedAt: string): AuditRecord => ({ provider: 'aftership', deliveryId, receivedAt, outcome: 'accepted', headers: { 'content-type': 'application/json' }, body: { encoding: 'utf8', data: `{"id":"${deliveryId}"}` } });

describe('S3 audit reader (fauxqs S3)', () => {
  let emu: RunningSqs;
  let s3: S3Client;
  const bucket = `audit-${randomBytes(3).toString('hex')}`;
  beforeAll(async () => {
    emu = await startSqsLocal();
    s3 = new S3Client({ region: 'us-east-1', endpoint: emu.endpoint, forcePathStyle: true, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  });
  afterAll(async () => emu?.stop());

  it('finds a delivery in the gzip NDJSON objects of its provider + hour prefix, and nothing outside it', async () => {
    // Prepare: two Firehose-like objects in the hour, one in the next hour with the same id
    const at = '2026-12-01T10:15:00.000Z';
    const prefix = auditPrefixOf('aftership', at);
    const ndjson = (rs: AuditRecord[]) => gzipSync(Buffer.from(rs.map((r) => `${JSON.stringify(r)}\n`).join('')));
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `${prefix}obj-1`, Body: ndjson([rec('a-1', at), rec('a-10', at)]) }));
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `${prefix}obj-2`, Body: ndjson([rec('a-2', at), rec('a-2', at)]) }));
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `${auditPrefixOf('aftership', '2026-12-01T11:00:00.000Z')}obj-3`, Body: ndjson([rec('a-3', at)]) }));
    const reader = new S3AuditReader({ bucket, region: 'us-east-1', endpoint: emu.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });

    // Act + Assess
    expect(prefix).toBe('deliveries/provider=aftership/hour=2026-12-01T10/');
    expect((await reader.get('aftership', 'a-1', at))?.body?.data).toBe('{"id":"a-1"}');
    expect((await reader.get('aftership', 'a-2', at))?.deliveryId).toBe('a-2');
    // the id is matched whole (a-1 is not a-10) and only under the delivery's own hour
    expect((await reader.get('aftership', 'a-10', at))?.deliveryId).toBe('a-10');
    expect(await reader.get('aftership', 'a-3', at)).toBeUndefined();
    expect(await reader.get('17track', 'a-1', at)).toBeUndefined();
  });

  it('reads back every delivery of an aggregated Firehose record once the stream has split, partitioned and delimited it', async () => {
    // Prepare: one SQS batch spanning two providers and two hours goes through the real sink as one Firehose record
    const fh = fakeFirehose();
    const client = await fh.start();
    const sent = [
      rec('ag-1', '2026-12-02T10:59:59.999Z'),
      { ...rec('ag-2', '2026-12-02T11:00:00.000Z'), body: { encoding: 'utf8' as const, data: '{"note":"two\\nlines"}\n' } },
      { ...rec('ag-3', '2026-12-02T10:00:00.000Z'), provider: 'shopify' },
      rec('ag-4', '2026-12-02T10:30:00.000Z'),
    ];
    try {
      await new FirehoseAuditSink(client, 'audit-stream', () => 1).put(sent);
    } finally {
      await fh.stop();
    }
    expect(fh.accepted).toHaveLength(1);

    // Act: what the stack's processors do (RecordDeAggregation → MetadataExtraction → AppendDelimiterToRecord),
    // then one gzip object per partition, as Firehose writes them
    const objects = new Map<string, string>();
    for (const sub of fh.accepted.flatMap((r) => deaggregate(r))) {
      const r = JSON.parse(sub) as AuditRecord;
      const key = auditPrefixOf(r.provider, r.receivedAt);
      objects.set(key, (objects.get(key) ?? '') + appendDelimiter(sub));
    }
    for (const [prefix, text] of objects) await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `${prefix}audit-stream-1-2026-12-02-agg.gz`, Body: gzipSync(Buffer.from(text)) }));
    const reader = new S3AuditReader({ bucket, region: 'us-east-1', endpoint: emu.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });

    // Assess: three partitions; each delivery read back exactly, from its own provider + hour
    expect([...objects.keys()].sort()).toEqual(['deliveries/provider=aftership/hour=2026-12-02T10/', 'deliveries/provider=aftership/hour=2026-12-02T11/', 'deliveries/provider=shopify/hour=2026-12-02T10/']);
    for (const r of sent) expect(await reader.get(r.provider, r.deliveryId, r.receivedAt)).toEqual(r);
    expect(await reader.get('aftership', 'ag-3', '2026-12-02T10:00:00.000Z')).toBeUndefined();
  });
});

describe('GET /deliveries/:provider/:id/body (local folder)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'audit-read-'));
  let svc: Awaited<ReturnType<typeof startTestService>>;
  beforeAll(async () => {
    svc = await startTestService({ env: { AUDIT_DIR: dir, STAGE: 'local' } });
  });
  afterAll(async () => svc?.stop());

  it('reads a done delivery’s body back from the audit folder; the record itself has none', async () => {
    // Prepare
    const body = trackingBody(tracking(`RB-${randomBytes(3).toString('hex')}`, hoursAgo(1)));

    // Act
    expect(await postStandard(svc.url, body)).toBe(200);

    // Assess
    const done = await eventually(async () => {
      const { readdir } = await import('node:fs/promises');
      const day = new Date().toISOString().slice(0, 10);
      const names = await readdir(join(dir, day, 'standard')).catch(() => [] as string[]);
      const id = names[0] ? decodeURIComponent(names[0].replace(/\.json$/, '')) : undefined;
      const r = id ? await svc.parts.rawEvents.get('standard', id) : undefined;
      return r?.state === 'done' ? r : undefined;
    }, 'delivery done');
    expect(done.body).toBeUndefined();
    const got = await fetch(`${svc.url}/deliveries/standard/${encodeURIComponent(done.deliveryId)}/body`);
    expect(got.status).toBe(200);
    const view = (await got.json()) as { body: { data: string }; headers: Record<string, string>; bodySha256: string };
    expect(JSON.parse(view.body.data)).toEqual(body);
    expect(view.bodySha256).toBe(done.bodySha256);
    expect((await fetch(`${svc.url}/deliveries/standard/nope/body`)).status).toBe(404);
  });
});
