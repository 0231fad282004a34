import { randomBytes } from 'node:crypto';
import { LOCAL_DEFAULT_SECRETS } from '../../lib/intake/providers/local-defaults.ts';
import { signBodyHmac } from '../../lib/intake/providers/body-hmac.ts';
import { withoutHeaders } from './util.ts';
import type { ProviderSigner } from './types.ts';

export const aftershipSigner: ProviderSigner = {
  sign: (body, o = {}) => ({ body, headers: { 'content-type': 'application/json', 'aftership-hmac-sha256': signBodyHmac(body, o.key ?? LOCAL_DEFAULT_SECRETS.aftership.secret, 'base64') } }),
  unsign: (d) => withoutHeaders(d, ['aftership-hmac-sha256']),
  otherKey: () => randomBytes(16).toString('hex'),
};
