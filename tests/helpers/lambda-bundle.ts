import { build, type Metafile } from 'esbuild';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
export const FUNCTION_NAMES = ['webhook-api', 'operator-api', 'desk', 'ingest-worker', 'stall-scanner', 'notifier'] as const;

/**
 * A function bundled with the options the CDK stack gives esbuild (cdk/function-defaults.ts: ESM,
 * minified, node22 target, module-first main fields, the require shim), plus a metafile saying
 * which source went in and how many bytes each contributed.
 */
export async function bundleFunction(entry: { name: string } | { contents: string }, outfile: string): Promise<{ outfile: string; metafile: Metafile }> {
  const r = await build({
    ...('name' in entry ? { entryPoints: [join(ROOT, 'functions', entry.name, 'handler.ts')] } : { stdin: { contents: entry.contents, resolveDir: ROOT, loader: 'ts' } }),
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    outfile,
    mainFields: ['module', 'main'],
    banner: { js: "import { createRequire as __cr } from 'module'; const require = __cr(import.meta.url);" },
    metafile: true,
    logLevel: 'silent',
  });
  return { outfile, metafile: r.metafile };
}

/** Bytes in the output per input path prefix (`node_modules/zod`, `lib/intake/providers`...). */
export function bytesBy(metafile: Metafile, group: (path: string) => string): Map<string, number> {
  const out = new Map<string, number>();
  for (const o of Object.values(metafile.outputs)) {
    for (const [path, { bytesInOutput }] of Object.entries(o.inputs)) out.set(group(path), (out.get(group(path)) ?? 0) + bytesInOutput);
  }
  return out;
}

/** `node_modules/@aws-sdk/client-sqs/dist-es/x.js` → `@aws-sdk/client-sqs`; `lib/intake/providers/x.ts` → `lib/intake/providers`. */
export const packageOf = (path: string) => {
  const nm = path.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = path.slice(nm + 13).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  return path.split('/').slice(0, -1).join('/');
};
