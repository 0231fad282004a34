import EasyPost from '@easypost/api';
import { describe, expect, it } from 'vitest';
import { loadSamples } from '../../../events/samples.ts';
import { easypostSigner } from '../../../events/signers/easypost.ts';
import { easypost } from '../../../lib/intake/providers/easypost.ts';
import { SignatureError } from '../../../lib/intake/providers/types.ts';

/**
 * EasyPost's official client is the independent verifier: what our signer produces for the
 * official fixture (EasyPost/examples official/fixtures/event-body.json) must pass its
 * `validateWebhook`, with a non-ASCII secret (both sides NFKD-normalise it), and our adapter must
 * agree with it on a wrong secret.
 */
const secret = 'sécret-local';
/** The package's d.ts does not declare its default export (the client class); this is its documented use. */
type Client = { Utils: { validateWebhook(body: Buffer, headers: Record<string, string>, secret: string): unknown } };
const EasyPostClient = EasyPost as unknown as new (apiKey: string) => Client;

describe('easypost, checked with @easypost/api', () => {
  it('the official client accepts what our signer produces, and so does the adapter', () => {
    const s = loadSamples('easypost').find((x) => x.variant === 'tracker-updated-easypost-fixture')!;
    const d = easypostSigner.sign(s.body, { key: secret });
    const client = new EasyPostClient('EZTK-not-used');
    expect((client.Utils.validateWebhook(d.body, d.headers, secret) as { id: string }).id).toBe('evt_1');
    const r = { headers: d.headers, rawBody: d.body, receivedAt: new Date() };
    expect(() => easypost.verify(r, null, { secrets: [secret.normalize('NFC')], extra: {}, now: new Date(), toleranceSeconds: 300 })).not.toThrow();
    expect(() => client.Utils.validateWebhook(d.body, d.headers, 'other')).toThrow();
    expect(() => easypost.verify(r, null, { secrets: ['other'], extra: {}, now: new Date(), toleranceSeconds: 300 })).toThrow(SignatureError);
  });
});
