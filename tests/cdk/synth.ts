import { App } from 'aws-cdk-lib';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../../cdk/app.ts';

/** One synthesis per test file (bundling four functions takes a few seconds). */
export function synthesize(context: Record<string, unknown> = {}) {
  const outdir = mkdtempSync(join(tmpdir(), 'cdk-out-'));
  const { app, stack } = buildApp(new App({ outdir, context: { 'aws:cdk:enable-asset-metadata': true, ...context } }));
  const assembly = app.synth();
  return { app, stack, assembly, outdir };
}
