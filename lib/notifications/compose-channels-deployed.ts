import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { secretsManagerSource, withNotifySecrets } from './notify-secrets.ts';
import type { NotifyConfig } from './notify-config.ts';

/**
 * Deployed, the channel credentials live in the notify secret (NOTIFY_SECRETS_ID): laid over the
 * function's settings once per cold start (the rest of its settings kept as they are).
 */
export async function resolveNotifySettings<C extends NotifyConfig>(config: C): Promise<C> {
  if (!config.NOTIFY_SECRETS_ID) return config;
  const source = secretsManagerSource(new SecretsManagerClient({ region: config.AWS_REGION }), config.NOTIFY_SECRETS_ID);
  return { ...config, ...(await withNotifySecrets(config, source)) };
}
