import type { App } from 'aws-cdk-lib';
import type { AftersalesStackProps } from './aftersales-stack.ts';

/**
 * Deployment settings from CDK context (`-c key=value` or cdk.json):
 * stage, secretsName, alarmEmail, stallThresholdHours, stallScanIntervalMinutes, logRetentionDays,
 * throttleRate, throttleBurst, ingestMaxConcurrency, notifyMaxConcurrency, openStallAlertThreshold, api5xxThreshold, jwtIssuer + jwtAudience,
 * tracing (low-volume | all | off), auditBufferSeconds,
 * settings (an object of further variables by name, e.g. SUPPORT_TEAM).
 */
export function propsFromContext(app: App): AftersalesStackProps {
  const ctx = (k: string) => app.node.tryGetContext(k) as string | number | undefined;
  const num = (k: string, d: number) => (ctx(k) === undefined ? d : Number(ctx(k)));
  const stage = String(ctx('stage') ?? 'prod');
  const issuer = ctx('jwtIssuer');
  const audience = ctx('jwtAudience');
  return {
    stage,
    secretsName: String(ctx('secretsName') ?? `aftersales-hub/${stage}/webhook-secrets`),
    alarmEmail: ctx('alarmEmail') ? String(ctx('alarmEmail')) : undefined,
    stallThresholdHours: num('stallThresholdHours', 48),
    stallScanIntervalMinutes: num('stallScanIntervalMinutes', 5),
    logRetentionDays: num('logRetentionDays', 30),
    // Sized for a 5,000 webhooks/s peak (Singles' Day) plus operator traffic: 6,000 req/s steady,
    // bursts to the HTTP API's default account burst (5,000). A lower stage limit turns the peak
    // into 429s that providers retry for hours.
    throttleRate: num('throttleRate', 6_000),
    throttleBurst: num('throttleBurst', 5_000),
    // One ingest worker drains ~150 messages/s (10 per batch, ≤ 3 DynamoDB round trips each, ~60 ms
    // per batch): 5,000/s needs ~34 concurrent workers; 100 leaves room for complaint-heavy mixes
    // and a backlog, inside the default 1,000 account concurrency.
    ingestMaxConcurrency: num('ingestMaxConcurrency', 100),
    // Customer channels (SMS, e-mail, merchant webhook) rate-limit us, not the webhook peak.
    notifyMaxConcurrency: num('notifyMaxConcurrency', 5),
    openStallAlertThreshold: num('openStallAlertThreshold', 20),
    api5xxThreshold: num('api5xxThreshold', 5),
    settings: parseSettings(app.node.tryGetContext('settings')),
    operatorAuth: ctx('operatorAuth') === 'iam' ? 'iam' : 'app',
    notifyWebhookInSecret: ['true', true].includes(app.node.tryGetContext('notifyWebhookInSecret') as string | boolean),
    tracing: tracingMode(ctx('tracing')),
    auditBufferSeconds: inRange('auditBufferSeconds', num('auditBufferSeconds', 300), 60, 900),
    jwt: issuer && audience ? { issuer: String(issuer), audience: String(audience).split(',') } : undefined,
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  };
}

/** `-c settings='{"SUPPORT_TEAM":"alice,bob"}'` or an object in cdk.json: values as strings, like env vars. */
function parseSettings(raw: unknown): Record<string, string> | undefined {
  if (raw === undefined) return undefined;
  const obj = typeof raw === 'string' ? (JSON.parse(raw) as unknown) : raw;
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) throw new Error('context "settings" must be a JSON object of variable names to values');
  return Object.fromEntries(Object.entries(obj as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
}

function tracingMode(raw: unknown): 'low-volume' | 'all' | 'off' {
  if (raw === undefined) return 'low-volume';
  if (raw === 'low-volume' || raw === 'all' || raw === 'off') return raw;
  throw new Error(`context "tracing" must be low-volume, all or off (got ${String(raw)})`);
}

/** Firehose's own bounds, checked at synth rather than at deploy. */
function inRange(k: string, v: number, min: number, max: number): number {
  if (!Number.isInteger(v) || v < min || v > max) throw new Error(`context "${k}" must be an integer from ${min} to ${max} (got ${v})`);
  return v;
}
