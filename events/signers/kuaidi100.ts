import { createHash, randomBytes } from 'node:crypto';
import { LOCAL_DEFAULT_SECRETS } from '../../lib/intake/providers/local-defaults.ts';
import type { ProviderSigner } from './types.ts';

/** The sample file holds the `param` JSON; the wire form is `param=...&sign=...` (form-encoded). */
export const kuaidi100Signer: ProviderSigner = {
  sign(sample, o = {}) {
    const param = JSON.stringify(JSON.parse(sample.toString('utf8')));
    const sign = createHash('md5').update(param + (o.key ?? LOCAL_DEFAULT_SECRETS.kuaidi100.secret)).digest('hex').toUpperCase();
    return { body: Buffer.from(new URLSearchParams({ sign, param }).toString()), headers: { 'content-type': 'application/x-www-form-urlencoded' } };
  },
  unsign(d) {
    const form = new URLSearchParams(d.body.toString('utf8'));
    form.delete('sign');
    return { headers: d.headers, body: Buffer.from(form.toString()) };
  },
  otherKey: () => randomBytes(12).toString('hex'),
};
