import type { InboundRequest, ProviderSecrets } from './providers/types.ts';

/**
 * A port for asking the provider itself whether a delivery is genuine, beyond the offline
 * signature check. Used where the offline check is weaker than the threat (PayPal signs only a
 * CRC32 of the body). `rejected`: the provider says no (→ 401). A thrown error: the provider could
 * not be asked (→ 503, the provider retries; nothing is stored).
 */
export interface EventConfirmer {
  confirm(req: InboundRequest, secrets: ProviderSecrets): Promise<'confirmed' | 'rejected'>;
}
