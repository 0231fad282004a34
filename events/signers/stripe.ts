import { randomBytes } from 'node:crypto';
import { hmac } from '../../lib/platform/signing/crypto.ts';
import { LOCAL_DEFAULT_SECRETS } from '../../lib/intake/providers/local-defaults.ts';
import { withoutHeaders } from './util.ts';
import type { ProviderSigner } from './types.ts';

export const stripeSigner: ProviderSigner = {
  sign(body, o = {}) {
    const t = Math.floor((o.timestamp ?? new Date()).getTime() / 1000);
    const sig = hmac('sha256', o.key ?? LOCAL_DEFAULT_SECRETS.stripe.secret, Buffer.concat([Buffer.from(`${t}.`), body])).toString('hex');
    return { body, headers: { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)', 'stripe-signature': `t=${t},v1=${sig}` } };
  },
  unsign: (d) => withoutHeaders(d, ['stripe-signature']),
  otherKey: () => `whsec_${randomBytes(24).toString('hex')}`,
};
