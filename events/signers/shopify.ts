import { randomUUID } from 'node:crypto';
import { LOCAL_DEFAULT_SECRETS } from '../../lib/intake/providers/local-defaults.ts';
import { signBodyHmac } from '../../lib/intake/providers/body-hmac.ts';
import { withoutHeaders } from './util.ts';
import type { ProviderSigner } from './types.ts';

export const shopifySigner: ProviderSigner = {
  sign: (body, o = {}) => ({
    body,
    headers: {
      'content-type': 'application/json',
      'x-shopify-topic': o.topic ?? 'refunds/create',
      'x-shopify-hmac-sha256': signBodyHmac(body, o.key ?? LOCAL_DEFAULT_SECRETS.shopify.secret, 'base64'),
      'x-shopify-shop-domain': 'demo-shop.myshopify.com',
      'x-shopify-api-version': '2026-07',
      'x-shopify-webhook-id': o.deliveryId ?? randomUUID(),
      'x-shopify-event-id': o.deliveryId ?? randomUUID(),
      'x-shopify-triggered-at': (o.timestamp ?? new Date()).toISOString(),
    },
  }),
  unsign: (d) => withoutHeaders(d, ['x-shopify-hmac-sha256']),
  otherKey: () => `shpss_${randomUUID()}`,
};
