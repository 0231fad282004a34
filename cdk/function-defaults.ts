import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Architecture, ParamsAndSecretsLayerVersion, ParamsAndSecretsLogLevel, ParamsAndSecretsVersions, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, type NodejsFunctionProps } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..');

/**
 * What every function shares: the newest Node.js runtime this CDK offers, arm64 (cheaper per
 * GB-second, same code), esbuild ESM bundles, minified, with source maps, bundled locally (no
 * Docker). A `require` shim lets the CommonJS parts of dependencies load inside ESM.
 */
export function appFunction(
  scope: Construct,
  id: string,
  o: { entry: string; memorySize: number; timeout: Duration; environment: Record<string, string>; logRetentionDays: number; description: string; readsSecrets?: boolean; traced: boolean } & Pick<NodejsFunctionProps, 'reservedConcurrentExecutions'>,
): NodejsFunction {
  const logGroup = new LogGroup(scope, `${id}Logs`, { retention: o.logRetentionDays as RetentionDays, removalPolicy: RemovalPolicy.DESTROY });
  return new NodejsFunction(scope, id, {
    entry: join(ROOT, 'functions', o.entry, 'handler.ts'),
    handler: 'handler',
    projectRoot: ROOT,
    depsLockFilePath: join(ROOT, 'package-lock.json'),
    runtime: Runtime.NODEJS_24_X,
    architecture: Architecture.ARM_64,
    memorySize: o.memorySize,
    timeout: o.timeout,
    description: o.description,
    reservedConcurrentExecutions: o.reservedConcurrentExecutions,
    // Active tracing records Lambda's own segments for 1 request a second plus 5% of the rest, a rate
    // Lambda does not let a function change (docs.aws.amazon.com/lambda/latest/dg/services-xray.html),
    // at $5 per million traces: the stack decides per function (`tracing` in cdk/context.ts).
    tracing: o.traced ? Tracing.ACTIVE : Tracing.DISABLED,
    // Secrets through the AWS Parameters and Secrets Lambda Extension (lib/platform/aws/secrets-extension.ts):
    // cached in the sandbox, no Secrets Manager SDK client in the bundle.
    paramsAndSecrets: o.readsSecrets ? ParamsAndSecretsLayerVersion.fromVersion(ParamsAndSecretsVersions.V1_0_103, { cacheSize: 20, logLevel: ParamsAndSecretsLogLevel.WARN }) : undefined,
    logGroup,
    environment: { NODE_OPTIONS: '--enable-source-maps', ...o.environment },
    bundling: {
      format: OutputFormat.ESM,
      target: 'node22',
      minify: true,
      sourceMap: true,
      mainFields: ['module', 'main'],
      forceDockerBundling: false,
      banner: "import { createRequire as __cr } from 'module'; const require = __cr(import.meta.url);",
      // The SDK v3 clients are bundled (pinned by our lock file) rather than taken from the runtime.
      externalModules: [],
    },
  });
}
