import * as z from 'zod/mini';
import './zod-locale.ts';
import { complaintSettings } from './settings/complaints.ts';
import { intakeSettings } from './settings/intake.ts';
import { localSettings } from './settings/local.ts';
import { logisticsSettings } from './settings/logistics.ts';
import { notificationSettings } from './settings/notifications.ts';
import { operatorSettings } from './settings/operator.ts';
import { platformSettings } from './settings/platform.ts';
import { loadSlice, parseSettings, type Slice } from './settings/slice.ts';
import { deskSlice } from './function-config/desk.ts';
import { ingestWorkerSlice } from './function-config/ingest-worker.ts';
import { notifierSlice } from './function-config/notifier.ts';
import { operatorApiSlice } from './function-config/operator-api.ts';
import { stallScannerSlice } from './function-config/stall-scanner.ts';
import { webhookApiSlice } from './function-config/webhook-api.ts';

export { ConfigError, pick } from './settings/slice.ts';

/**
 * Every setting the service reads, validated once at start. A bad value fails fast with the
 * variable's name instead of surfacing later as a confusing runtime error.
 * The README's configuration table mirrors this schema.
 *
 * The settings, by the part of the system that reads them (one module each, lib/platform/settings/).
 * Each Lambda reads only its own slice (`functionSlices` below, one module each in
 * lib/platform/function-config/, which its handler imports so that it builds no other schema): the
 * CDK stack sets exactly those variables, and a test fails when one a function requires is missing
 * or one it never reads is set. The local server reads them all.
 */
export const sections = {
  platform: platformSettings,
  intake: intakeSettings,
  complaints: complaintSettings,
  logistics: logisticsSettings,
  /** The notifier's channels and team robots (lib/notifications/notify-config.ts). Credentials may come from NOTIFY_SECRETS_ID instead. */
  notifications: notificationSettings,
  operator: operatorSettings,
  local: localSettings,
} as const;

/** Everything, for the local server (all roles in one process) and the README's table. */
export const configSchema = z.object({
  ...sections.platform,
  ...sections.intake,
  ...sections.complaints,
  ...sections.logistics,
  ...sections.notifications,
  ...sections.operator,
  ...sections.local,
});

export type Config = z.infer<typeof configSchema>;

/** What each Lambda reads, and which of those it cannot start without when deployed. */
export const functionSlices = {
  'webhook-api': webhookApiSlice,
  'operator-api': operatorApiSlice,
  desk: deskSlice,
  'ingest-worker': ingestWorkerSlice,
  'stall-scanner': stallScannerSlice,
  notifier: notifierSlice,
} as const;

export type FunctionName = keyof typeof functionSlices;
/** The settings of one section (what a feature's composition reads). */
export type SectionConfig<S extends keyof typeof sections> = z.infer<z.ZodMiniObject<(typeof sections)[S]>>;
export type SliceConfig<F extends FunctionName> = z.infer<(typeof functionSlices)[F]['schema']>;

/** One Lambda's settings by its name (tests, the stack check); each handler calls its own module's loader. */
export function loadFunctionConfig<F extends FunctionName>(name: F, env: Record<string, string | undefined> = process.env): SliceConfig<F> {
  return loadSlice(name, functionSlices[name] as Slice, env) as SliceConfig<F>;
}

/** Every setting (the local server, all roles in one process). */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  return parseSettings(configSchema, env);
}
