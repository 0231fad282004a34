import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configSchema } from '../../lib/platform/config.ts';

/** The README's configuration table names every setting the service reads (a wildcard row like `SLA_*` counts). */
describe('README configuration table', () => {
  const readme = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('\n## ', readme.indexOf('## Configuration') + 5));
  const named = new Set([...section.matchAll(/`([A-Z][A-Z0-9_]*\*?)`/g)].map((m) => m[1]!));
  const wildcards = [...named].filter((n) => n.endsWith('*')).map((n) => n.slice(0, -1));

  it('documents every variable of the config schema', () => {
    const missing = Object.keys(configSchema.shape).filter((k) => !named.has(k) && !wildcards.some((w) => k.startsWith(w)));
    expect(missing).toEqual([]);
  });

  it('reads the table it claims to (the check could fail)', () => {
    expect(named.has('TABLE_NAME')).toBe(true);
    expect(named.has('NO_SUCH_SETTING')).toBe(false);
  });
});
