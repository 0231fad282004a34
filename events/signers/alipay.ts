import type { ProviderSigner } from './types.ts';

// PLACEHOLDER: replaced by the real signer.
export const alipaySigner: ProviderSigner = {
  sign: (body) => ({ body, headers: { 'content-type': 'application/json' } }),
  unsign: (d) => d,
  otherKey: () => 'other',
};
