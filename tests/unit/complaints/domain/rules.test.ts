import { describe, expect, it } from 'vitest';
import { applyEvent, complaintIdOf, issueKeyOf } from '../../../../lib/complaints/domain/complaint-reducer.ts';
import { classify } from '../../../../lib/complaints/domain/classify.ts';
import { checkBreach } from '../../../../lib/complaints/domain/sla.ts';
import { canTransition } from '../../../../lib/complaints/domain/status-machine.ts';
import { maskEmail, maskPhone, scrubPii } from '../../../../lib/platform/masking.ts';
import { toPublicComplaint } from '../../../../lib/complaints/domain/complaint-types.ts';
import { computeStats } from '../../../../lib/complaints/domain/stats.ts';
import { config, event, requested } from '../../../helpers/factories.ts';

const noFacts = { priorClaimsByCustomer: 0, orderTags: [] as string[] };
const ctx = (over: Record<string, unknown> = {}) => ({ now: new Date('2026-11-20T10:00:00Z'), config, complaintId: 'C-1', orderId: 'O-1', owner: 'alice', ...over });
const create = (e: ReturnType<typeof requested>, over: Record<string, unknown> = {}) => applyEvent(undefined, e, ctx(over)).complaint;
const minutesAfter = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / 60_000;

describe('categories (问题类型) from the reason text, zh and en', () => {
  const cases: [string, string][] = [
    ['颜色和图片有色差', 'product_mismatch'],
    ['the colour does not match', 'product_mismatch'],
    ['尺码偏小，M码像S码', 'product_mismatch'],
    ['快递一直没收到', 'logistics'],
    ['玻璃杯收到时破损', 'logistics'],
    ['智能音箱连不上WiFi', 'usage'],
    ['用了面霜过敏', 'usage'],
    ['书架少配件 missing parts', 'usage'],
    ['客服态度很差', 'service'],
    ['the agent was rude', 'service'],
    ['定制刻字商品不满意', 'other'],
  ];
  it.each(cases)('"%s" is %s', (text, category) => {
    expect(classify(event('complaint.reported', { orderId: 'O', channel: 'chat', text }), noFacts, config).category).toBe(category);
  });
  it('an explicit category from the source wins over keywords', () => {
    expect(classify(event('complaint.reported', { orderId: 'O', channel: 'chat', text: '色差', category: 'service' }), noFacts, config).category).toBe('service');
  });
  it('a courier exception is a logistics complaint', () => {
    expect(classify(event('tracking.updated', { carrier: 'sf', trackingNumber: 'T', status: 'exception', occurredAt: '2026-11-20T10:00:00Z' }), noFacts, config).category).toBe('logistics');
  });
});

describe('tiers (分级响应) and their SLA clocks', () => {
  it('a 2199 CNY order is urgent with first contact due in 15 minutes and a solution in 4 hours', () => {
    const c = create(requested({ amount: { value: 2199, currency: 'CNY' } }));
    expect(c.tier).toBe('urgent');
    expect(minutesAfter(c.createdAt, c.sla.firstResponseDueAt)).toBe(15);
    expect(minutesAfter(c.createdAt, c.sla.resolutionDueAt)).toBe(240);
  });
  it('a 1999 CNY order is routine: reply in 1 h, review in 24 h, closed in 48 h', () => {
    const c = create(requested({ amount: { value: 1999, currency: 'CNY' }, reason: '尺码不对' }));
    expect(c.tier).toBe('routine');
    expect(minutesAfter(c.createdAt, c.sla.firstResponseDueAt)).toBe(60);
    expect(minutesAfter(c.createdAt, c.sla.reviewDueAt!)).toBe(24 * 60);
    expect(minutesAfter(c.createdAt, c.sla.resolutionDueAt)).toBe(48 * 60);
  });
  it('a 300 USD order is urgent through the configurable rate table (300 × 7.1 > 2000 CNY)', () => {
    expect(create(requested({ amount: { value: 300, currency: 'USD' } })).tier).toBe('urgent');
  });
  it('a currency missing from the rate table never counts as high value', () => {
    const r = classify(requested({ amount: { value: 1e9, currency: 'XXX' } }), noFacts, config);
    expect(r.tier).toBe('routine');
    expect(r.reasons.join()).toMatch(/no rate for XXX/);
  });
  it.each([['食品变质发霉'], ['电热毯漏电'], ['the fruit was spoiled'], ['过敏 allergic reaction']])('personal safety "%s" is urgent', (reason) => {
    expect(create(requested({ reason })).tier).toBe('urgent');
  });
  it('perishable or gift goods are urgent (time-critical)', () => {
    expect(create(requested({ tags: ['perishable'] })).tier).toBe('urgent');
    expect(create(requested(), { orderFacts: { tags: ['gift'] } }).tier).toBe('urgent');
  });
  it('a promised delivery date at risk makes it urgent', () => {
    expect(create(requested(), { orderFacts: { promisedBy: '2026-11-20T12:00:00Z' } }).tier).toBe('urgent');
  });
  it('a payment chargeback is a dispute flagged manual_review within 30 minutes', () => {
    const c = create(requested({ type: 'refund_only', dispute: true }));
    expect(c.tier).toBe('dispute');
    expect(c.flags).toContain('manual_review');
    expect(minutesAfter(c.createdAt, c.sla.firstResponseDueAt)).toBe(30);
  });
  it('customised goods, opened-then-return and repeated claims are disputes', () => {
    expect(create(requested({ reason: '定制刻字' })).tier).toBe('dispute');
    expect(create(requested({ itemOpened: true })).tier).toBe('dispute');
    expect(create(requested(), { priorClaimsByCustomer: 2 }).tier).toBe('dispute');
    expect(create(requested(), { priorClaimsByCustomer: 1 }).tier).toBe('routine');
  });
  it('a dispute that mentions a safety word stays urgent and keeps manual_review (safety is never downgraded)', () => {
    const c = create(requested({ dispute: true, reason: '漏电' }));
    expect(c.tier).toBe('urgent');
    expect(c.flags).toContain('manual_review');
  });
  it('every clock is configurable', () => {
    const c = applyEvent(undefined, requested({ amount: { value: 5000, currency: 'CNY' } }), ctx({ config: { ...config, SLA_URGENT_FIRST_RESPONSE_MINUTES: 5 } })).complaint;
    expect(minutesAfter(c.createdAt, c.sla.firstResponseDueAt)).toBe(5);
  });
});

describe('SLA breach check', () => {
  it('an unanswered urgent complaint is breached 16 minutes later, with the sla_breached flag', () => {
    const c = create(requested({ amount: { value: 2199, currency: 'CNY' } }));
    const { complaint, breaches } = checkBreach(c, new Date(Date.parse(c.createdAt) + 16 * 60_000));
    expect(breaches).toEqual(['first_response']);
    expect(complaint.sla.breached).toBe(true);
    expect(complaint.flags).toContain('sla_breached');
    expect(checkBreach(c, new Date(Date.parse(c.createdAt) + 14 * 60_000)).breaches).toEqual([]);
  });
});

describe('status (进度可视化)', () => {
  it('a return walks under_review → awaiting_return → returning → processing → completed', () => {
    let c = create(requested());
    const steps: [string, string][] = [['approved', 'awaiting_return'], ['return_shipped', 'returning'], ['return_received', 'processing'], ['refunded', 'completed']];
    steps.forEach(([status, expected], i) => {
      c = applyEvent(c, event('aftersale.updated', { orderId: 'O-1', requestId: 'R-1', status }, { at: `2026-11-2${i + 1}T10:00:00.000Z` }), ctx()).complaint;
      expect(c.status).toBe(expected);
    });
  });
  it('a refund-only request skips the return steps', () => {
    const c0 = create(requested({ type: 'refund_only' }));
    const c1 = applyEvent(c0, event('aftersale.updated', { orderId: 'O-1', requestId: 'R-1', status: 'approved' }), ctx()).complaint;
    expect(c1.status).toBe('processing');
    expect(canTransition('refund_only', 'under_review', 'awaiting_return')).toBe(false);
  });
  it('a courier "delivered" on the return shipment moves returning to processing', () => {
    let c = create(requested());
    c = applyEvent(c, event('aftersale.updated', { orderId: 'O-1', requestId: 'R-1', status: 'return_shipped' }), ctx()).complaint;
    c = applyEvent(c, event('tracking.updated', { carrier: 'sf', trackingNumber: 'RET1', status: 'delivered', occurredAt: '2026-11-22T10:00:00Z', direction: 'return' }, { at: '2026-11-22T10:00:00.000Z' }), ctx()).complaint;
    expect(c.status).toBe('processing');
  });
  it('a payment refund success completes a refund', () => {
    const c = applyEvent(create(requested({ type: 'refund_only' })), event('aftersale.updated', { orderId: 'O-1', requestId: 're_1', status: 'refunded' }, { provider: 'stripe' }), ctx()).complaint;
    expect(c.status).toBe('completed');
  });
  it('an older event arriving late never moves the status backward', () => {
    let c = create(requested());
    c = applyEvent(c, event('aftersale.updated', { orderId: 'O-1', requestId: 'R-1', status: 'return_received' }, { at: '2026-11-23T10:00:00.000Z' }), ctx()).complaint;
    c = applyEvent(c, event('aftersale.updated', { orderId: 'O-1', requestId: 'R-1', status: 'approved' }, { at: '2026-11-21T10:00:00.000Z' }), ctx()).complaint;
    expect(c.status).toBe('processing');
    // The late event is still recorded, under its own provider time (timeline items sort by it).
    expect(applyEvent(c, event('aftersale.updated', { orderId: 'O-1', requestId: 'R-1', status: 'approved' }, { at: '2026-11-21T10:00:00.000Z' }), ctx()).entry.at).toBe('2026-11-21T10:00:00.000Z');
  });
  it('operators move only forward along the legal path', () => {
    expect(canTransition('return_refund', 'under_review', 'awaiting_return')).toBe(true);
    expect(canTransition('return_refund', 'processing', 'returning')).toBe(false);
  });
});

describe('one complaint per (order, issue), owner, auto-approval', () => {
  it('the same event applied twice changes nothing', () => {
    const e = requested();
    const c = create(e);
    expect(applyEvent(c, e, ctx()).changed).toBe(false);
  });
  it('a stall report and a courier exception of the same order are one logistics issue', () => {
    const stall = event('complaint.reported', { orderId: 'O-1', channel: 'other', category: 'logistics', text: 'no update for 49 h' });
    const exception = event('tracking.updated', { carrier: 'sf', trackingNumber: 'T', status: 'exception', occurredAt: '2026-11-20T10:00:00Z', orderId: 'O-1' });
    expect(issueKeyOf(stall, { orderId: 'O-1' })).toBe(issueKeyOf(exception, { orderId: 'O-1' }));
  });
  it('ids are deterministic per (order, issue) so concurrent creators collide', () => {
    expect(complaintIdOf('O-1', 'as:R-1')).toBe(complaintIdOf('O-1', 'as:R-1'));
    expect(complaintIdOf('O-1', 'as:R-1')).not.toBe(complaintIdOf('O-1', 'as:R-2'));
  });
  it('first-responder ownership: the owner given at creation is kept by later events', () => {
    const c = applyEvent(create(requested()), event('aftersale.updated', { orderId: 'O-1', requestId: 'R-1', status: 'approved' }), ctx({ owner: 'bob' })).complaint;
    expect(c.owner).toBe('alice');
  });
  it('a refund of an order not yet shipped is approved automatically, and the timeline says so', () => {
    const r = applyEvent(undefined, requested({ type: 'refund_only', orderShipped: false }), ctx());
    const c = r.complaint;
    expect(c.status).toBe('processing');
    expect(c.flags).toContain('auto_approved');
    expect(r.entry.summary).toMatch(/auto-approved: refund of an order not yet shipped/);
  });
  it('a 7-day no-reason return of an unopened item is approved automatically', () => {
    const c = create(requested({ itemOpened: false, orderDeliveredAt: '2026-11-16T10:00:00Z' }));
    expect(c.status).toBe('awaiting_return');
    expect(create(requested({ itemOpened: false, orderDeliveredAt: '2026-11-10T10:00:00Z' })).status).toBe('under_review');
  });
});

describe('customer contact is kept but masked', () => {
  it('masks phones and e-mails and scrubs free text', () => {
    expect(maskPhone('+8613812345678')).toBe('+86138****5678');
    expect(maskEmail('xiaoming.wang@example.com')).toBe('x***@example.com');
    expect(scrubPii('call 13812345678 or mail a.b@example.com at 2026-11-20T10:00:00Z')).toBe('call 138****5678 or mail a***@example.com at 2026-11-20T10:00:00Z');
  });
  it('the public view has masked contact and no internal fields', () => {
    const c = create(requested({ customer: { name: '王', phone: '+8613812345678', email: 'w@example.com' }, reason: '请打 13812345678' }));
    const pub = JSON.stringify(toPublicComplaint(c));
    expect(pub).not.toContain('13812345678');
    expect(pub).not.toContain('w@example.com');
    expect(pub).toContain('+86138****5678');
    expect(pub).not.toMatch(/"(inputs|contact|appliedEventIds|facts)"/);
  });
});

describe('stats', () => {
  it('counts by category, tier and status with medians', () => {
    const a = create(requested({ amount: { value: 2199, currency: 'CNY' }, reason: '色差' }));
    const b = applyEvent(create(requested({ type: 'refund_only', requestId: 'R-2' })), event('aftersale.updated', { orderId: 'O-1', requestId: 'R-2', status: 'refunded' }, { at: '2026-11-20T12:00:00.000Z' }), ctx()).complaint;
    const s = computeStats([a, b]);
    expect(s.total).toBe(2);
    expect(s.byTier.urgent).toBe(1);
    expect(s.byStatus.completed).toBe(1);
    expect(s.medianMinutesToResolution).toBe(120);
  });
});
