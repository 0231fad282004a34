import { describe, expect, it } from 'vitest';
import type { StallAlert } from '../../../lib/logistics/alert-types.ts';
import { toAlertView } from '../../../lib/logistics/alert-rules.ts';
import { carrierDelayLedger } from '../../../lib/logistics/carrier-delays.ts';

const alert = (over: Partial<StallAlert>): StallAlert => ({
  id: 'a', type: 'logistics_stall', state: 'open', carrier: 'sf-express', trackingNumber: 'T', orderId: 'O',
  lastEventAt: '2026-11-20T00:00:00.000Z', detectedAt: '2026-11-22T00:00:00.000Z', hoursWithoutUpdate: 48, ...over,
});
const now = new Date('2026-11-22T12:00:00.000Z');
const terms = { agreedHours: 24, compensationCny: 50 };

describe('carrier delay ledger', () => {
  it('counts each order delayed beyond the agreed hours once per carrier and prices it', () => {
    // Prepare: O1 stalled twice (two episodes), O2 resolved after 30 h, O3 perishable open for 20 h, O4 another carrier
    const alerts = [
      alert({ id: 'a1', orderId: 'O1', trackingNumber: 'T1' }),
      alert({ id: 'a1b', orderId: 'O1', trackingNumber: 'T1', lastEventAt: '2026-11-21T00:00:00.000Z' }),
      alert({ id: 'a2', orderId: 'O2', state: 'resolved', recoveredAt: '2026-11-20T06:00:00.000Z', resolvedAt: '2026-11-22T00:00:00.000Z' }),
      alert({ id: 'a2b', orderId: 'O2b', state: 'resolved', recoveredAt: '2026-11-21T06:00:00.000Z' }),
      alert({ id: 'a3', orderId: 'O3', lastEventAt: '2026-11-21T16:00:00.000Z' }),
      alert({ id: 'a4', orderId: 'O4', carrier: 'zto' }),
    ];
    // Act
    const ledger = carrierDelayLedger(alerts, terms, now);
    // Assess
    expect(ledger.map((l) => [l.carrier, l.delayedOrders, l.compensationOwed.value])).toEqual([['sf-express', 2, 100], ['zto', 1, 50]]);
    const sf = ledger[0]!;
    expect(sf.orders.map((o) => o.orderId)).toEqual(['O1', 'O2b']);
    expect(sf.orders[0]!.hoursWithoutUpdate).toBe(60);
  });

  it('shows live hours for an open alert and the stalled span for a resolved one', () => {
    expect(toAlertView(alert({}), now).hoursWithoutUpdate).toBe(60);
    expect(toAlertView(alert({ state: 'resolved', recoveredAt: '2026-11-22T02:00:00.000Z', resolvedAt: '2026-11-22T02:00:05.000Z' }), now).hoursWithoutUpdate).toBe(50);
  });
});
