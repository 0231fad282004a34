import type { EventHandler } from './intake/ingest-worker.ts';

/**
 * Where canonical events meet the domain (complaints, shipments). Until the complaint engine lands
 * the canonical events are kept on the raw event record only.
 */
export function createDomain(_deps: object): EventHandler {
  return async () => {};
}
