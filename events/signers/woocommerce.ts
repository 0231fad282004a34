import { randomBytes } from 'node:crypto';
import { LOCAL_DEFAULT_SECRETS } from '../../lib/intake/providers/local-defaults.ts';
import { signBodyHmac } from '../../lib/intake/providers/body-hmac.ts';
import { withoutHeaders } from './util.ts';
import type { ProviderSigner } from './types.ts';

export const woocommerceSigner: ProviderSigner = {
  sign: (body, o = {}) => ({
    body,
    headers: {
      'content-type': 'application/json',
      'user-agent': 'WooCommerce/9.4.0 Hookshot (WordPress/6.7)',
      'x-wc-webhook-source': 'https://shop.example.com/',
      'x-wc-webhook-topic': o.topic ?? 'order.updated',
      'x-wc-webhook-resource': 'order',
      'x-wc-webhook-event': 'updated',
      'x-wc-webhook-id': '3',
      'x-wc-webhook-delivery-id': o.deliveryId ?? randomBytes(16).toString('hex'),
      'x-wc-webhook-signature': signBodyHmac(body, o.key ?? LOCAL_DEFAULT_SECRETS.woocommerce.secret, 'base64'),
    },
  }),
  unsign: (d) => withoutHeaders(d, ['x-wc-webhook-signature']),
  otherKey: () => randomBytes(20).toString('hex'),
};
