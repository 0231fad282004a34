import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PROVIDER_IDS, type ProviderId } from '../lib/intake/providers/index.ts';

export const EVENTS_DIR = dirname(fileURLToPath(import.meta.url));

/**
 * Where a sample's payload comes from. `provider-docs` / `provider-sdk`: the provider's own page or
 * official SDK/test repository; `provider-docs (copied)`: the provider's published example as kept
 * verbatim elsewhere; `community-sdk` / `secondary`: a third party that cites the provider;
 * `provider-docs-shape`: built field by field from the provider's reference where no example was
 * reachable. Samples without a source are this project's own, in the providers' real shapes.
 */
export interface SampleSource {
  authority: string;
  url?: string;
  repo?: string;
  path?: string;
  commit?: string;
  note?: string;
}

/** What a sample's optional `<variant>.meta.json` may say. */
export interface SampleMeta {
  /** Topic/event header the provider sends with it (Shopify `refunds/create`, WooCommerce `order.updated`). */
  topic?: string;
  source?: SampleSource;
  /** What the sample means for after-sales; golden tests read `complaint`, the example tests `outcome`/`events`. */
  expect?: {
    /** How the delivery is recorded (contract §1). */
    outcome?: 'accepted' | 'ignored' | 'quarantined';
    /** Canonical events it must produce, in order; each one's fields are a subset match. */
    events?: { type: string; data?: Record<string, unknown> }[];
    complaint?: Record<string, unknown>;
    [k: string]: unknown;
  };
}

export interface Sample {
  provider: ProviderId;
  variant: string;
  file: string;
  body: Buffer;
  meta: SampleMeta;
}

/**
 * Samples are files: `events/<provider>/<variant>.<json|txt>` plus an optional
 * `<variant>.meta.json`: the providers' own published examples (with `source`) and this project's
 * own payloads in the providers' real shapes. Sub-folders (e.g. `alipay/genuine/`) are not samples:
 * they hold deliveries that must be posted exactly as the provider signed them.
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

/** Samples taken from the provider's own (or a cited) publication. */
export const publishedExamples = (filter?: ProviderId) => loadSamples(filter).filter((s) => s.meta.source);
