import { randomBytes, randomUUID } from 'node:crypto';
import { LOCAL_DEFAULT_SECRETS } from '../../lib/intake/providers/local-defaults.ts';
import { signStandardWebhook } from '../../lib/platform/signing/standard-webhooks.ts';
import { withoutHeaders } from './util.ts';
import type { ProviderSigner } from './types.ts';

export const standardSigner: ProviderSigner = {
  sign(body, opts = {}) {
    const id = opts.deliveryId ?? `msg_${randomUUID()}`;
    const ts = Math.floor((opts.timestamp ?? new Date()).getTime() / 1000).toString();
    const sig = signStandardWebhook(opts.key ?? LOCAL_DEFAULT_SECRETS.standard.secret, id, Number(ts), body);
    return {
      body,
      headers: { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': ts, 'webhook-signature': sig },
    };
  },
  unsign: (d) => withoutHeaders(d, ['webhook-signature']),
  otherKey: () => `whsec_${randomBytes(32).toString('base64')}`,
};
