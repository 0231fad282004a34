import { describe, expect, it } from 'vitest';
import { chooseChannel, NO_CONTACT_CHANNEL, type ChannelAvailability } from '../../../lib/notifications/channel-choice.ts';
import { toNotificationView, type NotificationRecord } from '../../../lib/notifications/notification-types.ts';
import { renderDelayWarning, resolveLocale } from '../../../lib/notifications/templates.ts';
import { ordersToNotify } from '../../../lib/logistics/fanout-rules.ts';
import { alertIdFor, incidentIdFor, notificationIdFor } from '../../../lib/logistics/stall-ids.ts';
import type { Shipment } from '../../../lib/logistics/shipment-types.ts';

const none: ChannelAvailability = { webhook: false, sms: false, email: false, outbox: false };
const remedy = { 'zh-CN': '我们已为您免费升级次日达冷链，并赠送 50 元优惠券。', en: 'We upgraded you to next-day cold-chain delivery and added a 50 CNY coupon.' };

describe('channel choice', () => {
  it('uses the merchant webhook for everyone when configured, even without phone or e-mail', () => {
    expect(chooseChannel(undefined, { ...none, webhook: true, sms: true })).toEqual({ channel: 'webhook' });
  });

  it('prefers SMS, then e-mail, then the local outbox, by the contact the customer has', () => {
    const all = { webhook: false, sms: true, email: true, outbox: true };
    expect(chooseChannel({ phone: '+8613800000000', email: 'a@b.cn' }, all)).toEqual({ channel: 'sms' });
    expect(chooseChannel({ email: 'a@b.cn' }, all)).toEqual({ channel: 'email' });
    expect(chooseChannel({ phone: '+8613800000000' }, { ...none, email: true, outbox: true })).toEqual({ channel: 'outbox' });
  });

  it('skips with a reason when there is no way to reach the customer', () => {
    expect(chooseChannel({}, { ...none, sms: true, email: true, outbox: true })).toEqual({ skip: NO_CONTACT_CHANNEL });
    expect(chooseChannel({ phone: '  ' }, { ...none, outbox: true })).toEqual({ skip: NO_CONTACT_CHANNEL });
    expect(chooseChannel({ phone: '+8613800000000' }, none)).toEqual({ skip: NO_CONTACT_CHANNEL });
  });
});

describe('delay warning template', () => {
  const facts = { orderId: 'SO-7', carrier: 'sf-express', trackingNumber: 'SF7', promisedBy: '2026-11-22T08:00:00.000Z' };

  it('renders zh-CN: apology, what happened, what we do (configured remedy)', () => {
    const m = renderDelayWarning('zh-CN', facts, remedy);
    expect(m.subject).toContain('SO-7');
    expect(m.text).toMatch(/非常抱歉/);
    expect(m.text).toContain('sf-express SF7');
    expect(m.text).toContain('2026-11-22');
    expect(m.text).toContain(remedy['zh-CN']);
  });

  it('renders en with the same parts', () => {
    const m = renderDelayWarning('en', { ...facts, promisedBy: undefined }, remedy);
    expect(m.text).toMatch(/^We are sorry/);
    expect(m.text).toContain('later than expected');
    expect(m.text).toContain(remedy.en);
  });

  it('maps customer locales onto the two templates, defaulting when unknown', () => {
    expect(resolveLocale('zh_CN', 'en')).toBe('zh-CN');
    expect(resolveLocale('zh-Hant-TW', 'en')).toBe('zh-CN');
    expect(resolveLocale('en-GB', 'zh-CN')).toBe('en');
    expect(resolveLocale('fr-FR', 'zh-CN')).toBe('zh-CN');
    expect(resolveLocale(undefined, 'en')).toBe('en');
  });
});

describe('batch fan-out selection', () => {
  const ship = (orderId: string, trackingNumber: string, status: Shipment['status']): Shipment => ({
    orderId, trackingNumber, status, carrier: 'sf', batchId: 'B', thresholdHours: 48, createdAt: '', updatedAt: '', v: 1,
  });

  it('notifies every order not yet delivered, once, naming a parcel still on its way', () => {
    // Prepare: O1 stalled, O2 delivered, O3 half delivered (two parcels), O4 returned
    const members = [ship('O3', 'T3b', 'in_transit'), ship('O1', 'T1', 'in_transit'), ship('O2', 'T2', 'delivered'), ship('O3', 'T3a', 'delivered'), ship('O4', 'T4', 'returned')];
    // Act
    const picked = ordersToNotify(members);
    // Assess
    expect(picked.map((s) => [s.orderId, s.trackingNumber])).toEqual([['O1', 'T1'], ['O3', 'T3b'], ['O4', 'T4']]);
  });
});

describe('deterministic ids', () => {
  it('gives the same id for the same parcel and episode, a new one for a new episode', () => {
    expect(alertIdFor('SF1', '2026-11-20T00:00:00.000Z')).toBe(alertIdFor('SF1', '2026-11-20T00:00:00.000Z'));
    expect(alertIdFor('SF1', '2026-11-20T00:00:00.000Z')).not.toBe(alertIdFor('SF1', '2026-11-21T00:00:00.000Z'));
    expect(incidentIdFor('B', 'alr_x')).toMatch(/^inc_[\w-]{22}$/);
    expect(notificationIdFor('inc_a', 'O1')).not.toBe(notificationIdFor('inc_a', 'O2'));
  });
});

describe('notification view', () => {
  it('shows exactly the contract fields, an in-flight claim as queued, never the internals', () => {
    const rec: NotificationRecord = {
      id: 'ntf_1', incidentId: 'inc_1', batchId: 'B', orderId: 'O1', trackingNumber: 'T1', channel: 'sms', locale: 'zh-CN', template: 'delay_warning',
      status: 'sending', queuedAt: '2026-11-22T00:00:00.000Z', recipient: '+86138****0000', enqueuedAt: 'x', lockUntil: 1, message: { subject: 's', text: 't' },
    };
    expect(Object.keys(toNotificationView(rec)).sort()).toEqual(['batchId', 'channel', 'id', 'incidentId', 'locale', 'orderId', 'queuedAt', 'reason', 'sentAt', 'status', 'template'].sort());
    expect(toNotificationView(rec).status).toBe('queued');
  });
});
