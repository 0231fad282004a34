import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { signers } from '../../events/signers/index.ts';
import type { SignedDelivery } from '../../events/signers/types.ts';
import { deliveryIdOf } from '../intake/accept-delivery.ts';
import { getProvider } from '../intake/providers/index.ts';
import { PROVIDER_IDS, type ProviderId } from '../intake/providers/index.ts';

export interface Delivery {
  provider: ProviderId;
  label: string;
  signed: SignedDelivery;
}

/** A captured delivery, one per JSONL line (what `events:sign` writes and `replay` reads). */
interface CapturedLine {
  provider: string;
  headers: Record<string, string>;
  body?: string;
  bodyBase64?: string;
}

const isProvider = (p: string): p is ProviderId => (PROVIDER_IDS as readonly string[]).includes(p);

/**
 * Sample files (`events/<provider>/<variant>.json|txt`) are signed now, with a delivery id derived
 * from their content, so replaying the same file twice is recognised as the same delivery.
 */
export function signSampleFile(file: string): Delivery {
  const provider = basename(dirname(resolve(file)));
  if (!isProvider(provider)) throw new Error(`${file}: its folder must be a provider id (${PROVIDER_IDS.join(', ')})`);
  const body = readFileSync(file);
  const metaFile = file.replace(/\.(json|txt)$/, '.meta.json');
  const meta = existsSync(metaFile) ? (JSON.parse(readFileSync(metaFile, 'utf8')) as { topic?: string }) : {};
  const deliveryId = `sample-${createHash('sha256').update(provider).update(body).digest('hex').slice(0, 20)}`;
  return { provider, label: file, signed: signers[provider].sign(body, { topic: meta.topic, deliveryId }) };
}

export function readCaptured(file: string): Delivery[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((l, i) => [l.trim(), i + 1] as const)
    .filter(([l]) => l.length > 0)
    .map(([line, n]) => {
      const c = JSON.parse(line) as CapturedLine;
      if (!isProvider(c.provider)) throw new Error(`${file}:${n}: unknown provider ${c.provider}`);
      const body = c.bodyBase64 !== undefined ? Buffer.from(c.bodyBase64, 'base64') : Buffer.from(c.body ?? '', 'utf8');
      return { provider: c.provider, label: `${file}:${n}`, signed: { headers: c.headers, body } };
    });
}

/** Files, folders (recursively: every sample below) and `.jsonl` captures. */
export function collectDeliveries(paths: string[]): Delivery[] {
  const out: Delivery[] = [];
  const visit = (p: string) => {
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const name of readdirSync(p).sort()) visit(join(p, name));
    } else if (p.endsWith('.jsonl')) {
      out.push(...readCaptured(p));
    } else if (/\.(json|txt)$/.test(p) && !p.endsWith('.meta.json') && isProvider(basename(dirname(resolve(p))))) {
      out.push(signSampleFile(p));
    }
  };
  for (const p of paths) visit(p);
  return out;
}

export function toCapturedLine(d: Delivery): string {
  const text = d.signed.body.toString('utf8');
  const utf8 = Buffer.from(text, 'utf8').equals(d.signed.body);
  return JSON.stringify({ provider: d.provider, headers: d.signed.headers, ...(utf8 ? { body: text } : { bodyBase64: d.signed.body.toString('base64') }) });
}

/** The id the server will file this delivery under (same function as the ack path). */
export function expectedDeliveryId(d: Delivery): string | undefined {
  const adapter = getProvider(d.provider)!;
  const req = { headers: lowerKeys(d.signed.headers), rawBody: d.signed.body, receivedAt: new Date() };
  try {
    return deliveryIdOf(adapter, req, adapter.decode(req));
  } catch {
    return undefined;
  }
}

const lowerKeys = (h: Record<string, string>) => Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));
