import { decodeJson } from './decode.ts';
import { jsonAck, SignatureError, type ProviderAdapter } from './types.ts';

// PLACEHOLDER: replaced by the real adapter.
export const stripe: ProviderAdapter = {
  id: 'stripe',
  kind: 'marketplace',
  contentTypes: ['application/json'],
  timestamped: false,
  decode: (req) => decodeJson(req.rawBody),
  verify() {
    throw new SignatureError('not implemented');
  },
  eventId: () => undefined,
  parse: (d) => d,
  normalize: () => [],
  ack: jsonAck,
};
