import type { SignedDelivery } from './types.ts';

export function withoutHeaders(d: SignedDelivery, names: string[]): SignedDelivery {
  const headers = Object.fromEntries(Object.entries(d.headers).filter(([k]) => !names.includes(k.toLowerCase())));
  return { headers, body: d.body };
}
