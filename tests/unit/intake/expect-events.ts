import type { CanonicalEvent } from '../../../lib/canonical/canonical.ts';
import type { SampleMeta } from '../../../events/samples.ts';

/** Subset match of a sample's expected events against what the pipeline produced (order matters). */
export function expectedEventsMismatch(events: Pick<CanonicalEvent, 'type' | 'data'>[], expected: NonNullable<NonNullable<SampleMeta['expect']>['events']>): string | undefined {
  if (events.length !== expected.length) return `expected ${expected.length} events, got ${events.length}: ${JSON.stringify(events.map((e) => e.type))}`;
  for (const [i, want] of expected.entries()) {
    const got = events[i]!;
    if (got.type !== want.type) return `event ${i}: type ${got.type}, expected ${want.type}`;
    const miss = firstMismatch(got.data, want.data ?? {}, `event ${i}.data`);
    if (miss) return miss;
  }
  return undefined;
}

function firstMismatch(got: unknown, want: unknown, path: string): string | undefined {
  if (want !== null && typeof want === 'object' && !Array.isArray(want)) {
    if (got === null || typeof got !== 'object') return `${path}: expected an object, got ${JSON.stringify(got)}`;
    for (const [k, v] of Object.entries(want)) {
      const m = firstMismatch((got as Record<string, unknown>)[k], v, `${path}.${k}`);
      if (m) return m;
    }
    return undefined;
  }
  return Object.is(got, want) || JSON.stringify(got) === JSON.stringify(want) ? undefined : `${path}: got ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`;
}
