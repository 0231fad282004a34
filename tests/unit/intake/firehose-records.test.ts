import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditRecord } from '../../../lib/intake/audit/audit-sink.ts';
import { AUDIT_LINE_DELIMITER, FIREHOSE_LIMITS, auditLineOf, firehoseBilling, packAuditLines, packAuditRecords } from '../../../lib/intake/audit/firehose-records.ts';

/**
 * What the audit sink sends to Firehose and what it costs: the lines of one `put` joined into
 * records of at most 1,000 KiB and 500 lines, billed per record in 5 KB steps
 * (https://aws.amazon.com/firehose/pricing/: "a 3KB record is billed as 5KB, a 12KB record is billed as 15KB").
 */
const EVENTS = join(import.meta.dirname, '../../../events');
const FIXTURES = [
  'standard/aftersale-requested.json',
  'aftership/tracking-delivered.json',
  'shopify/dispute-create.json',
  'stripe/charge-dispute-created.json',
  'paypal/customer-dispute-created.json',
  'douyin/refund-created.json',
  'easypost/tracker-updated-delivered.json',
  'woocommerce/order-refunded.json',
  'kuaidi100/poll-problem.json',
  '17track/tracking-updated-delivered-17track-sample.json',
];
/** A typical delivery's audit copy: a provider's published body with the headers a webhook arrives with. */
const typical = (fixture: string, i: number): AuditRecord => ({
  provider: fixture.split('/')[0]!,
  deliveryId: `evt_${String(i).padStart(2, '0')}_9b2f4c1e-7d3a-4e8f-a1b2-3c4d5e6f7a8b`,
  receivedAt: '2026-12-01T10:15:00.000Z',
  outcome: 'accepted',
  sourceEventType: 'aftersale.requested',
  bodySha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  headers: {
    'content-type': 'application/json',
    'user-agent': 'Webhook-Delivery/2.0',
    'x-request-id': '4f1c2e8a-6b3d-4a7e-9c0f-1d2e3f4a5b6c',
    'x-webhook-timestamp': '1764584100',
    'x-webhook-signature': 'sha256=0f4b2c8e1a7d3f9b5c6e2a1d8f7b3c4e9a0d1f2b3c4d5e6f7a8b9c0d1e2f3a4b',
  },
  body: { encoding: 'utf8', data: readFileSync(join(EVENTS, fixture), 'utf8') },
});
const TYPICAL_BATCH = FIXTURES.map(typical);

/** An audit record whose NDJSON line is exactly `bytes` long. */
function ofLineBytes(bytes: number, id = 'd'): AuditRecord {
  const base: AuditRecord = { provider: 'standard', deliveryId: id, receivedAt: '2026-12-01T10:15:00.000Z', outcome: 'accepted', headers: {}, body: { encoding: 'utf8', data: '' } };
  const r = { ...base, body: { encoding: 'utf8' as const, data: 'x'.repeat(bytes - auditLineOf(base).length) } };
  expect(auditLineOf(r).length).toBe(bytes);
  return r;
}
const KB = 1024;

describe('firehoseBilling', () => {
  it('bills a typical SQS batch of ten deliveries as one Firehose record instead of ten', () => {
    // Prepare
    const sizes = TYPICAL_BATCH.map((r) => auditLineOf(r).length);
    // ~0.9-1.9 KB each (the fixtures are pretty-printed): each well under one 5 KB billing step
    expect(Math.min(...sizes)).toBeGreaterThan(0.6 * KB);
    expect(Math.max(...sizes)).toBeLessThan(2 * KB);

    // Act
    const before = TYPICAL_BATCH.map((r) => firehoseBilling([r])).reduce((a, b) => ({ records: a.records + b.records, billedBytes: a.billedBytes + b.billedBytes }));
    const after = firehoseBilling(TYPICAL_BATCH);

    // Assess: one record per delivery paid 5 KB each; joined, the batch pays its own size rounded up once
    const total = sizes.reduce((a, b) => a + b, 0) + (sizes.length - 1) * AUDIT_LINE_DELIMITER.length;
    expect(before).toEqual({ records: 10, billedBytes: 10 * 5 * KB });
    expect(after).toEqual({ records: 1, billedBytes: Math.ceil(total / (5 * KB)) * 5 * KB });
    expect(after.billedBytes).toBeLessThanOrEqual(before.billedBytes / 3);
  });

  it('rounds each record up to 5 KB, as the pricing page says', () => {
    expect(firehoseBilling([ofLineBytes(3 * KB)])).toEqual({ records: 1, billedBytes: 5 * KB });
    expect(firehoseBilling([ofLineBytes(12 * KB)])).toEqual({ records: 1, billedBytes: 15 * KB });
    expect(firehoseBilling([ofLineBytes(5 * KB)])).toEqual({ records: 1, billedBytes: 5 * KB });
    expect(firehoseBilling([ofLineBytes(5 * KB + 1)])).toEqual({ records: 1, billedBytes: 10 * KB });
    expect(firehoseBilling([])).toEqual({ records: 0, billedBytes: 0 });
  });

  it('counts what the sink sends: the rounding is per packed record', () => {
    // three 400 KiB lines: two fit one record (800 KiB + 1), the third starts another
    const rs = [0, 1, 2].map((i) => ofLineBytes(400 * KB, `d${i}`));
    expect(packAuditRecords(rs).map((p) => p.deliveries)).toEqual([2, 1]);
    expect(firehoseBilling(rs)).toEqual({ records: 2, billedBytes: Math.ceil((800 * KB + 1) / (5 * KB)) * 5 * KB + 400 * KB });
  });
});

describe('packAuditLines', () => {
  it('joins the lines with the delimiter, none at the end, so splitting on it gives them back', () => {
    const lines = TYPICAL_BATCH.map(auditLineOf);
    const [only, ...rest] = packAuditLines(lines);
    expect(rest).toEqual([]);
    expect(only!.deliveries).toBe(10);
    expect(only!.data.toString('utf8').split(AUDIT_LINE_DELIMITER)).toEqual(lines.map((l) => l.toString('utf8')));
    expect(lines.every((l) => !l.includes(AUDIT_LINE_DELIMITER))).toBe(true);
  });

  it('fills a record up to exactly 1,000 KiB and no further', () => {
    const limit = FIREHOSE_LIMITS.recordBytes;
    const exact = [Buffer.alloc(limit / 2, 'a'), Buffer.alloc(limit / 2 - 1, 'b')];
    expect(packAuditLines(exact).map((p) => p.data.length)).toEqual([limit]);
    const over = [Buffer.alloc(limit / 2, 'a'), Buffer.alloc(limit / 2, 'b')];
    expect(packAuditLines(over).map((p) => p.data.length)).toEqual([limit / 2, limit / 2]);
  });

  it('keeps at most 500 lines in a record (Firehose deaggregates up to 500 sub-records)', () => {
    const lines = Array.from({ length: 1001 }, (_, i) => Buffer.from(`{"i":${i}}`));
    expect(packAuditLines(lines).map((p) => p.deliveries)).toEqual([500, 500, 1]);
  });

  it('keeps the order of the lines across records', () => {
    const lines = Array.from({ length: 7 }, (_, i) => Buffer.from(`{"i":${i}}`));
    const packed = packAuditLines(lines, { recordBytes: 20, linesPerRecord: 500 });
    expect(packed.map((p) => p.data.toString())).toEqual(['{"i":0}\n{"i":1}', '{"i":2}\n{"i":3}', '{"i":4}\n{"i":5}', '{"i":6}']);
  });
});
