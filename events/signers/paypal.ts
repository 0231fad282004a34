import { randomUUID } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { LOCAL_DEFAULT_SECRETS } from '../../lib/intake/providers/local-defaults.ts';
import { freshPrivateKey, localPrivateKey, rsaSign } from './rsa-keys.ts';
import { withoutHeaders } from './util.ts';
import type { ProviderSigner } from './types.ts';

export const paypalSigner: ProviderSigner = {
  sign(body, o = {}) {
    const id = o.deliveryId ?? randomUUID();
    const time = (o.timestamp ?? new Date()).toISOString();
    const webhookId = LOCAL_DEFAULT_SECRETS.paypal.extra!.WEBHOOK_ID!;
    return {
      body,
      headers: {
        'content-type': 'application/json',
        'paypal-transmission-id': id,
        'paypal-transmission-time': time,
        'paypal-transmission-sig': rsaSign(`${id}|${time}|${webhookId}|${crc32(body) >>> 0}`, o.key ?? localPrivateKey('paypal')),
        'paypal-auth-algo': 'SHA256withRSA',
        'paypal-cert-url': 'https://api.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-local',
      },
    };
  },
  unsign: (d) => withoutHeaders(d, ['paypal-transmission-sig']),
  otherKey: freshPrivateKey,
};
