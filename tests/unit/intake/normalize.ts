import { isIgnored, type InboundRequest, type NormalizedEvent, type ProviderAdapter, type ProviderSecrets } from '../../../lib/intake/providers/types.ts';

/** parse → normalize as the pipeline does: an ignored type yields no events. */
export function toEvents<D, P>(adapter: ProviderAdapter<D, P>, decoded: D, secrets: ProviderSecrets, req: InboundRequest): NormalizedEvent[] {
  const parsed = adapter.parse(decoded, secrets);
  return isIgnored(parsed) ? [] : adapter.normalize(parsed, req);
}
