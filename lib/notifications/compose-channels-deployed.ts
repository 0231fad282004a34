import { extensionOptionsFrom, readSecretString } from '../platform/aws/secrets-extension.ts';
import { secretsManagerSource, withNotifySecrets } from './notify-secrets.ts';
import type { NotifyConfig } from './notify-config.ts';

/**
 * Deployed, the channel credentials live in the notify secret (NOTIFY_SECRETS_ID), read through
 * the Parameters and Secrets Lambda Extension and laid over the function's settings once per cold
 * start (the rest of its settings kept as they are).
 */
export async function resolveNotifySettings<C extends NotifyConfig>(config: C, env: Record<string, string | undefined> = process.env): Promise<C> {
  if (!config.NOTIFY_SECRETS_ID) return config;
  const source = secretsManagerSource(() => readSecretString(config.NOTIFY_SECRETS_ID!, extensionOptionsFrom(env)));
  return { ...config, ...(await withNotifySecrets(config, source)) };
}
