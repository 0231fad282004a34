import { toEvents } from '../normalize.ts';
import { describe, expect, it } from 'vitest';
import Stripe from 'stripe';
import { stripe } from '../../../../lib/intake/providers/stripe.ts';
import { LOCAL_DEFAULT_SECRETS } from '../../../../lib/intake/providers/local-defaults.ts';
import { stripeSigner } from '../../../../events/signers/stripe.ts';
import { loadSamples } from '../../../../events/samples.ts';
import { SignatureError } from '../../../../lib/intake/providers/types.ts';

const secret = LOCAL_DEFAULT_SECRETS.stripe.secret;
const sdk = new Stripe('sk_test_dummy');
const ctx = { secrets: [secret], extra: {}, now: new Date(), toleranceSeconds: 300 };

describe('stripe adapter against the official stripe library', () => {
  const body = loadSamples('stripe')[0]!.body;

  it('accepts a header made by stripe.webhooks.generateTestHeaderString', () => {
    const header = sdk.webhooks.generateTestHeaderString({ payload: body.toString('utf8'), secret });
    const req = { headers: { 'stripe-signature': header }, rawBody: body, receivedAt: new Date() };
    expect(() => stripe.verify(req, null, ctx)).not.toThrow();
  });

  it('our signer’s header passes stripe.webhooks.constructEvent', () => {
    const d = stripeSigner.sign(body);
    expect(sdk.webhooks.constructEvent(d.body.toString('utf8'), d.headers['stripe-signature']!, secret).id).toBe(JSON.parse(body.toString()).id);
  });

  it('rejects a header the library made with another secret or 10 minutes ago', () => {
    const other = sdk.webhooks.generateTestHeaderString({ payload: body.toString('utf8'), secret: 'whsec_other' });
    expect(() => stripe.verify({ headers: { 'stripe-signature': other }, rawBody: body, receivedAt: new Date() }, null, ctx)).toThrow(SignatureError);
    const old = sdk.webhooks.generateTestHeaderString({ payload: body.toString('utf8'), secret, timestamp: Math.floor(Date.now() / 1000) - 600 });
    expect(() => stripe.verify({ headers: { 'stripe-signature': old }, rawBody: body, receivedAt: new Date() }, null, ctx)).toThrow(/tolerance/);
  });

  it('maps a chargeback to a dispute request and a refund to a completed refund, in major units', () => {
    const events = loadSamples('stripe').flatMap((s) => toEvents(stripe, JSON.parse(s.body.toString()), ctx, { headers: {}, rawBody: s.body, receivedAt: new Date() }));
    const dispute = events.find((e) => e.body.type === 'aftersale.requested')!.body;
    expect(dispute).toMatchObject({ data: { orderId: 'SO-20261115-0321', dispute: true, amount: { value: 329, currency: 'USD' } } });
    expect(events.filter((e) => e.body.type === 'aftersale.updated' && e.body.data.status === 'refunded')).toHaveLength(2);
  });
});
