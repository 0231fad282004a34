import { randomBytes, randomUUID } from 'node:crypto';
import { hmac } from '../../lib/providers/crypto.ts';
import { LOCAL_DEFAULT_SECRETS } from '../../lib/providers/local-defaults.ts';
import { standardWebhooksKey } from '../../lib/providers/standard.ts';
import { withoutHeaders } from './util.ts';
import type { ProviderSigner } from './types.ts';

export const standardSigner: ProviderSigner = {
  sign(body, opts = {}) {
    const id = opts.deliveryId ?? `msg_${randomUUID()}`;
    const ts = Math.floor((opts.timestamp ?? new Date()).getTime() / 1000).toString();
    const key = standardWebhooksKey(opts.key ?? LOCAL_DEFAULT_SECRETS.standard.secret);
    const sig = hmac('sha256', key, Buffer.concat([Buffer.from(`${id}.${ts}.`), body])).toString('base64');
    return {
      body,
      headers: { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': ts, 'webhook-signature': `v1,${sig}` },
    };
  },
  unsign: (d) => withoutHeaders(d, ['webhook-signature']),
  otherKey: () => `whsec_${randomBytes(32).toString('base64')}`,
};
