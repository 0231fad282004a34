import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyEvent } from '../../../../lib/complaints/domain/complaint-reducer.ts';
import type { Complaint } from '../../../../lib/complaints/domain/complaint-types.ts';
import type { CanonicalEvent } from '../../../../lib/canonical/canonical.ts';
import { classify } from '../../../../lib/complaints/domain/classify.ts';
import { config, event, requested } from '../../../helpers/factories.ts';

const ctx = { now: new Date('2026-11-25T00:00:00Z'), config, complaintId: 'C-1', orderId: 'O-1', owner: 'alice' };
const fold = (events: CanonicalEvent[]) => events.reduce<Complaint | undefined>((c, e) => applyEvent(c, e, ctx).complaint, undefined)!;
const comparable = (c: Complaint) => ({ ...c, version: 0, updatedAt: '' });

const history: CanonicalEvent[] = [
  requested({ reason: '颜色色差 colour off', amount: { value: 2500, currency: 'CNY' }, customer: { phone: '+8613800000000' } }, { at: '2026-11-20T10:00:00.000Z', id: 'e1' }),
  event('aftersale.updated', { orderId: 'O-1', requestId: 'R-1', status: 'approved' }, { at: '2026-11-20T11:00:00.000Z', id: 'e2' }),
  event('aftersale.updated', { orderId: 'O-1', requestId: 'R-1', status: 'return_shipped' }, { at: '2026-11-21T09:00:00.000Z', id: 'e3' }),
  event('tracking.updated', { carrier: 'sf', trackingNumber: 'RET', status: 'delivered', occurredAt: '2026-11-22T09:00:00Z', direction: 'return' }, { at: '2026-11-22T09:00:00.000Z', id: 'e4' }),
  event('aftersale.updated', { orderId: 'O-1', requestId: 'R-1', status: 'refunded' }, { at: '2026-11-22T15:00:00.000Z', id: 'e5' }),
  event('aftersale.updated', { orderId: 'O-1', requestId: 'R-1', status: 'approved' }, { at: '2026-11-20T11:00:00.000Z', id: 'e2-dup-id-differs' }),
];

describe('the complaint record does not depend on arrival order', () => {
  it('replaying a complaint’s events in every order (with repeats) gives the same final record', () => {
    const expected = comparable(fold(history));
    expect(expected.status).toBe('completed');
    fc.assert(
      fc.property(fc.shuffledSubarray(history, { minLength: history.length, maxLength: history.length }), fc.array(fc.nat(history.length - 1), { maxLength: 4 }), (order, repeats) => {
        const withRepeats = [...order, ...repeats.map((i) => history[i]!)];
        expect(comparable(fold(withRepeats))).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('classification is total and deterministic for any reason text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.option(fc.record({ value: fc.double({ min: 0, max: 1e7, noNaN: true }), currency: fc.constantFrom('CNY', 'USD', 'XXX') }), { nil: undefined }), (reason, amount) => {
        const e = requested({ reason, amount });
        const a = classify(e, { priorClaimsByCustomer: 0, orderTags: [] }, config);
        expect(a).toEqual(classify(e, { priorClaimsByCustomer: 0, orderTags: [] }, config));
        expect(['product_mismatch', 'logistics', 'usage', 'service', 'other']).toContain(a.category);
        expect(['urgent', 'routine', 'dispute']).toContain(a.tier);
      }),
      { numRuns: 500 },
    );
  });
});
