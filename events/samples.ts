import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PROVIDER_IDS, type ProviderId } from '../lib/intake/providers/index.ts';

export const EVENTS_DIR = dirname(fileURLToPath(import.meta.url));

/** What a sample's optional `<variant>.meta.json` may say. */
export interface SampleMeta {
  /** Topic/event header the provider sends with it (Shopify `refunds/create`, WooCommerce `order.updated`). */
  topic?: string;
  /** What the sample means for after-sales; golden tests read this. */
  expect?: Record<string, unknown>;
}

export interface Sample {
  provider: ProviderId;
  variant: string;
  file: string;
  body: Buffer;
  meta: SampleMeta;
}

/**
 * Samples are files: `events/<provider>/<variant>.<json|txt>`, real payload shapes with fake data,
 * plus an optional `<variant>.meta.json`.
 */
export function loadSamples(filter?: ProviderId): Sample[] {
  const out: Sample[] = [];
  for (const provider of PROVIDER_IDS) {
    if (filter && provider !== filter) continue;
    const dir = join(EVENTS_DIR, provider);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) {
      if (name.endsWith('.meta.json') || !/\.(json|txt)$/.test(name)) continue;
      const variant = name.replace(/\.(json|txt)$/, '');
      const metaFile = join(dir, `${variant}.meta.json`);
      out.push({
        provider,
        variant,
        file: join(dir, name),
        body: readFileSync(join(dir, name)),
        meta: existsSync(metaFile) ? (JSON.parse(readFileSync(metaFile, 'utf8')) as SampleMeta) : {},
      });
    }
  }
  return out;
}
