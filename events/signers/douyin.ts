import { createHash, randomBytes } from 'node:crypto';
import { LOCAL_DEFAULT_SECRETS } from '../../lib/intake/providers/local-defaults.ts';
import { withoutHeaders } from './util.ts';
import type { ProviderSigner } from './types.ts';

const APP_KEY = LOCAL_DEFAULT_SECRETS.douyin.extra!.APP_KEY!;

export const douyinSigner: ProviderSigner = {
  sign: (body, o = {}) => ({
    body,
    headers: {
      'content-type': 'application/json',
      'app-id': APP_KEY,
      'event-sign': createHash('md5').update(Buffer.concat([Buffer.from(APP_KEY), body, Buffer.from(o.key ?? LOCAL_DEFAULT_SECRETS.douyin.secret)])).digest('hex'),
    },
  }),
  unsign: (d) => withoutHeaders(d, ['event-sign']),
  otherKey: () => randomBytes(16).toString('hex'),
};
