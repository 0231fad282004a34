import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { joinInput, type ComplaintInput, type FoldDigest } from '../../../lib/complaints/domain/complaint-reducer.ts';
import { packDigest, unpackDigest } from '../../../lib/complaints/digest-codec.ts';

const at = fc.integer({ min: 0, max: 10 }).map((h) => new Date(Date.UTC(2026, 10, 20, h)).toISOString());
const id = fc.constantFrom('shopify:returns_request:480d911878823822eb2ea42691179f6b31c1e5f7c069f2ada759f0856515f18a:0', 'stripe:evt_1', 'aftership:x', 's', 'v');
const text = fc.string({ maxLength: 30 });
const input: fc.Arbitrary<ComplaintInput> = fc.record(
  {
    id,
    at,
    provider: fc.constantFrom('shopify', 'stripe', 'aftership'),
    eventType: fc.constantFrom('returns/request', 'charge.refunded'),
    summary: text,
    category: fc.constantFrom('product_mismatch', 'logistics', undefined),
    tier: fc.constantFrom('urgent', 'routine', undefined),
    flags: fc.array(fc.constantFrom('high_value', 'repeat'), { maxLength: 2 }),
    afterSalesType: fc.constantFrom('return_refund', 'refund_only', undefined),
    progress: fc.array(fc.constantFrom('approved', 'refunded', 'completed'), { maxLength: 2 }),
    reason: text,
    demand: text,
    amount: fc.option(fc.record({ value: fc.nat(10_000), currency: fc.constantFrom('CNY', 'USD') }), { nil: undefined }),
    customer: fc.option(fc.record({ name: text, phone: fc.constantFrom('+8613800000000', undefined) }), { nil: undefined }),
    platform: fc.constantFrom('shopify', 'own-shop', undefined),
    owner: fc.constantFrom('alice', undefined),
    operator: fc.boolean(),
    orderFacts: fc.option(
      fc.record({ platform: fc.constantFrom('own-shop', undefined), amount: fc.option(fc.record({ value: fc.nat(500), currency: fc.constant('CNY') }), { nil: undefined }), items: fc.array(fc.record({ sku: fc.constantFrom('A', 'B'), name: text }), { maxLength: 2 }), source: fc.record({ at, id: fc.constantFrom('SF1', 'SF2') }) }),
      { nil: undefined },
    ),
  },
  { requiredKeys: ['id', 'at', 'provider', 'eventType', 'summary'] },
) as fc.Arbitrary<ComplaintInput>;
const digestOf = (inputs: ComplaintInput[]) => inputs.reduce<FoldDigest | undefined>((d, i) => joinInput(d, i), undefined)!;
/** What DynamoDB stores is the JSON the document client writes: `undefined` fields are dropped. */
const stored = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

describe('the digest as the record item stores it', () => {
  it('reads back exactly what was written, for any fold of any inputs', () => {
    fc.assert(
      fc.property(fc.array(input, { minLength: 1, maxLength: 6 }), (inputs) => {
        const d = stored(digestOf(inputs));
        expect(unpackDigest(stored(packDigest(d)))).toEqual(d);
      }),
      { numRuns: 400 },
    );
  });

  it('writes each stamp once: a complaint opened from one request and one order is much smaller', () => {
    const request: ComplaintInput = { id: 'shopify:returns_request:480d911878823822eb2ea42691179f6b31c1e5f7c069f2ada759f0856515f18a:0', at: '2026-11-20T10:00:00.000Z', provider: 'shopify', eventType: 'returns/request', summary: 'return requested', category: 'product_mismatch', tier: 'urgent', afterSalesType: 'return_refund', reason: 'SIZE_TOO_SMALL', demand: 'refund: SIZE_TOO_SMALL', platform: 'shopify', customer: { name: '王小明' }, orderFacts: { platform: 'own-shop', amount: { value: 168, currency: 'CNY' }, customer: { name: '王小明' }, items: [], source: { at: '2026-11-19T10:00:00.000Z', id: 'SF9001300000' } } };
    const d = stored(digestOf([request]));
    const packed = stored(packDigest(d));
    expect(packed.stamps).toEqual([
      [request.at, request.id],
      ['2026-11-19T10:00:00.000Z', 'SF9001300000'],
    ]);
    expect(JSON.stringify(packed).length).toBeLessThan(JSON.stringify(d).length - 500);
  });

  it('reads a digest stored before the format (stamps inline) as it is', () => {
    const d = stored(digestOf([{ id: 'e1', at: '2026-11-20T10:00:00.000Z', provider: 'shopify', eventType: 'returns/request', summary: 'return requested', reason: 'r' }]));
    expect(unpackDigest(d)).toEqual(d);
  });
});
