import { App } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../../cdk/app.ts';

/**
 * One synthesis per test file (bundling the six functions takes a few seconds each time).
 * `templateOnly`: the CDK's own switch that skips asset bundling (`aws:cdk:bundling-stacks: []`),
 * for tests that read the template; tests/cdk/bundles.test.ts synthesizes with the real bundles.
 */
export function synthesize(context: Record<string, unknown> = {}, opts: { templateOnly?: boolean } = {}) {
  const outdir = mkdtempSync(join(tmpdir(), 'cdk-out-'));
  const { app, stack } = buildApp(new App({ outdir, context: { 'aws:cdk:enable-asset-metadata': true, ...(opts.templateOnly ? { 'aws:cdk:bundling-stacks': [] } : {}), ...context } }));
  const assembly = app.synth();
  return { app, stack, assembly, outdir };
}

export interface PolicyStatement {
  Action: string | string[];
  Resource: unknown;
}
/** Every IAM statement attached to one role (by its logical id) in a synthesized template. */
export function roleStatements(t: Template, role: string): PolicyStatement[] {
  return Object.values(t.findResources('AWS::IAM::Policy'))
    .filter((p) => JSON.stringify(p.Properties.Roles).includes(`"${role}"`))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as PolicyStatement[]);
}
