import { loadConfig } from '../../lib/platform/config.ts';
import type { CanonicalBody, CanonicalEvent } from '../../lib/canonical/canonical.ts';

export const config = loadConfig({ LOG_LEVEL: 'SILENT' });

let n = 0;
/** A canonical event as the ingest worker hands it to the domain. */
export function event<T extends CanonicalBody['type']>(type: T, data: Extract<CanonicalBody, { type: T }>['data'], opts: { at?: string; id?: string; provider?: string } = {}): CanonicalEvent {
  const at = opts.at ?? '2026-11-20T10:00:00.000Z';
  return { type, timestamp: at, data, id: opts.id ?? `test:${++n}:0`, provider: opts.provider ?? 'standard', sourceEventType: type, occurredAt: at, receivedAt: at } as CanonicalEvent;
}

export const requested = (over: Partial<Extract<CanonicalBody, { type: 'aftersale.requested' }>['data']> = {}, opts: { at?: string; id?: string } = {}) =>
  event('aftersale.requested', { orderId: 'O-1', requestId: 'R-1', type: 'return_refund', reason: '', ...over }, opts);
