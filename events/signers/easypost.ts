import { randomBytes } from 'node:crypto';
import { LOCAL_DEFAULT_SECRETS } from '../../lib/intake/providers/local-defaults.ts';
import { signBodyHmac } from '../../lib/intake/providers/body-hmac.ts';
import { withoutHeaders } from './util.ts';
import type { ProviderSigner } from './types.ts';

export const easypostSigner: ProviderSigner = {
  sign: (body, o = {}) => ({
    body,
    headers: { 'content-type': 'application/json', 'x-hmac-signature': `hmac-sha256-hex=${signBodyHmac(body, (o.key ?? LOCAL_DEFAULT_SECRETS.easypost.secret).normalize('NFKD'), 'hex')}` },
  }),
  unsign: (d) => withoutHeaders(d, ['x-hmac-signature']),
  otherKey: () => randomBytes(16).toString('hex'),
};
