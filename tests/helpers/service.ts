import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { loadConfig, type Config } from '../../lib/platform/config.ts';
import { startService, type RunningService, type ServiceOptions } from '../../lib/local/service.ts';
import { hourOf } from '../../lib/logistics/shipment-rules.ts';

/** A unique table/queue prefix per test so files and tests run in parallel on one stack. */
export const uniqueName = (label: string) => `t-${label}-${randomBytes(4).toString('hex')}`;

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    TABLE_NAME: uniqueName('svc'),
    DYNAMODB_ENDPOINT: inject('dynamoEndpoint'),
    SQS_ENDPOINT: inject('sqsEndpoint'),
    LOG_LEVEL: 'SILENT',
    STAGE: 'local',
    ...overrides,
  });
}

/** The whole service (API + workers) on its own table and queues, on a free port. */
export async function startTestService(
  opts: Partial<Omit<ServiceOptions, 'config' | 'secretsEnv'>> & {
    env?: Record<string, string>;
    /**
     * Leave the stall-scan cursor unset, so the first scan looks back its full 7 days (169 hours ×
     * 17 partitions = 2,873 queries). By default the cursor says a scan ran 48 h ago: every parcel
     * the tests make is due within that, and the suite spends its emulator time on what it tests.
     * The lookback itself is tested in tests/unit/logistics/stall-scan.test.ts.
     */
    firstScan?: boolean;
  } = {},
): Promise<RunningService & { url: string }> {
  const { env, firstScan, ...rest } = opts;
  const svc = await startService({
    config: testConfig(env),
    // Only what the test sets: a provider secret in the caller's shell must not change the outcome.
    secretsEnv: env ?? {},
    port: 0,
    pollWaitSeconds: 1,
    backoffBaseSeconds: 1,
    queueOverrides: { visibilityTimeoutSeconds: 5, maxReceiveCount: 3 },
    ...rest,
  });
  // advance() only moves the cursor forward: a scan that already ran keeps its own.
  if (!firstScan) await svc.parts.stall.cursor.advance(hourOf(new Date(Date.now() - SEEDED_CURSOR_HOURS * 3_600_000)), new Date());
  return svc as RunningService & { url: string };
}

const SEEDED_CURSOR_HOURS = 48;

/** Polls until `probe` returns a value that is not undefined/false, or fails with `what`. */
export async function eventually<T>(probe: () => Promise<T | undefined | false>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await probe();
      if (v !== undefined && v !== false) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`);
}
