import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * The seams, checked on the sources: which feature folder of lib/ imports which. Type-only imports
 * count too (a type cycle is still a design cycle). Allowed: any folder → platform/ and canonical/
 * (the base), flows/ and local/ and cli/ → anything (they compose), http/ → feature services through
 * its narrow interfaces. Forbidden: platform/ or canonical/ importing a feature, and any cycle.
 */
const LIB = resolve(import.meta.dirname, '../../lib');
const files = (dir: string): string[] => readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : /\.tsx?$/.test(f) ? [join(dir, f)] : []));
const folderOf = (file: string) => relative(LIB, file).split('/')[0]!;

function graph(): Map<string, Set<string>> {
  const g = new Map<string, Set<string>>();
  for (const file of files(LIB)) {
    const from = folderOf(file);
    for (const m of readFileSync(file, 'utf8').matchAll(/(?:import|export)[^'";]*?from\s+'(\.[^']+)'/g)) {
      const target = resolve(dirname(file), m[1]!);
      if (!target.startsWith(LIB)) continue;
      const to = folderOf(target);
      if (to !== from) (g.get(from) ?? g.set(from, new Set()).get(from)!).add(to);
    }
  }
  return g;
}

function cycles(g: Map<string, Set<string>>): string[][] {
  const found: string[][] = [];
  const visit = (node: string, path: string[]) => {
    for (const next of g.get(node) ?? []) {
      if (next === path[0]) found.push([...path, next]);
      else if (!path.includes(next) && next > path[0]!) visit(next, [...path, next]);
    }
  };
  for (const start of g.keys()) visit(start, [start]);
  return found;
}

describe('the seams between lib/ folders', () => {
  const g = graph();
  it('the base (platform, canonical) imports no feature', () => {
    expect([...(g.get('platform') ?? [])]).toEqual([]);
    expect([...(g.get('canonical') ?? [])].filter((f) => f !== 'platform')).toEqual([]);
  });

  it('no import cycle between folders (composition lives in flows/, local/, cli/)', () => {
    expect(cycles(g)).toEqual([]);
  });

  it('the check sees real edges (it would catch a cycle)', () => {
    expect(g.get('flows')?.has('complaints')).toBe(true);
    expect(cycles(new Map([['a', new Set(['b'])], ['b', new Set(['a'])]]))).toEqual([['a', 'b', 'a']]);
  });
});
