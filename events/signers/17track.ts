import { createHash, randomBytes } from 'node:crypto';
import { LOCAL_DEFAULT_SECRETS } from '../../lib/intake/providers/local-defaults.ts';
import { withoutHeaders } from './util.ts';
import type { ProviderSigner } from './types.ts';

export const seventeenTrackSigner: ProviderSigner = {
  sign: (body, o = {}) => ({
    body,
    headers: { 'content-type': 'application/json', sign: createHash('sha256').update(Buffer.concat([body, Buffer.from(`/${o.key ?? LOCAL_DEFAULT_SECRETS['17track'].secret}`)])).digest('hex') },
  }),
  unsign: (d) => withoutHeaders(d, ['sign']),
  otherKey: () => randomBytes(16).toString('hex').toUpperCase(),
};
