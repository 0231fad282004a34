import { describe, expect, it } from 'vitest';
import { canonicalBodySchema, MAX_MONEY_VALUE } from '../../../lib/canonical/canonical.ts';
import { DOUYIN_TAGS } from '../../../lib/intake/providers/douyin.ts';

const requested = (value: number) => ({ type: 'aftersale.requested', timestamp: '2026-11-21T10:15:00Z', data: { orderId: 'O1', requestId: 'R1', type: 'refund_only', amount: { value, currency: 'CNY' } } });

describe('canonical numbers fit every store (DynamoDB: 38 digits, 1e-130..1e126; JS: 2^53)', () => {
  it.each([1e200, 1e-200, 2 ** 53 + 2, MAX_MONEY_VALUE * 10, 1e-9])('refuses %d', (v) => {
    expect(canonicalBodySchema.safeParse(requested(v)).success).toBe(false);
  });
  it.each([0, 0.01, 2199, MAX_MONEY_VALUE])('keeps %d', (v) => {
    expect(canonicalBodySchema.safeParse(requested(v)).success).toBe(true);
  });
});

describe('抖店 tag table', () => {
  it('cites the documented message page for every tag and reads 201/202/203/205/206/207/208 as documented', () => {
    for (const [tag, m] of Object.entries(DOUYIN_TAGS)) expect(m.doc, tag).toMatch(/^31\/\d+$/);
    expect(Object.fromEntries(Object.entries(DOUYIN_TAGS).map(([t, m]) => [t, m.kind === 'requested' ? 'requested' : m.status]))).toEqual({
      '200': 'requested', '201': 'processing', '202': 'approved', '203': 'return_shipped', '204': 'rejected', '205': 'rejected', '206': 'refunded', '207': 'closed', '208': 'modified', '211': 'reshipped',
    });
  });
});
