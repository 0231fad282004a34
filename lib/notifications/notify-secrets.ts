import { NOTIFY_SECRET_KEYS, notifyConfigSchema, NotifyConfigError, type NotifyConfig } from './notify-config.ts';

/**
 * Where the notifier's credentials come from (a port): the merchant webhook's URL and secret, the
 * Alibaba Cloud AccessKey, the robots' URLs and signing secrets. Returns a flat object keyed by
 * the setting's name (`{"NOTIFY_WEBHOOK_URL": "...", "ALERT_DINGTALK_SECRET": "SEC..."}`).
 */
export type NotifySecretSource = () => Promise<Partial<Record<(typeof NOTIFY_SECRET_KEYS)[number], string>>>;

/**
 * Deployed: one Secrets Manager secret (NOTIFY_SECRETS_ID) holding a JSON object, read once per
 * cold start and cached, as the provider secrets are (contract §1). A failed read is not cached,
 * so the next message tries again instead of a container staying broken until it is recycled.
 */
export function secretsManagerSource(readSecret: () => Promise<string | undefined>): NotifySecretSource {
  let cached: Promise<Record<string, string>> | undefined;
  return () => {
    cached ??= readSecret()
      .then((text) => parseSecret(text))
      .catch((err: unknown) => {
        cached = undefined;
        // The secret id is configuration, not a credential; the error's own message may quote an ARN only.
        throw new NotifyConfigError(`notify secret could not be read (${err instanceof Error ? err.name : 'error'})`, { cause: err });
      });
    return cached;
  };
}

function parseSecret(s: string | undefined): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(s ?? '');
  } catch {
    // Never echo the text: it is the secret.
    throw new NotifyConfigError('notify secret is not a JSON object');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new NotifyConfigError('notify secret is not a JSON object');
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(parsed)) {
    if (typeof v === 'string' && v !== '' && (NOTIFY_SECRET_KEYS as readonly string[]).includes(k)) out[k] = v;
  }
  return out;
}

/**
 * The config with the secret's values laid over it (the secret wins: deployed, the environment
 * holds none of these). Validated again, so a malformed URL in the secret fails by its name.
 * Without a source, the config as it is.
 */
export async function withNotifySecrets(config: NotifyConfig, source?: NotifySecretSource): Promise<NotifyConfig> {
  if (!source) return config;
  const secrets = await source();
  const merged = notifyConfigSchema.safeParse({ ...config, ...secrets });
  if (!merged.success) {
    const names = [...new Set(merged.error.issues.map((i) => i.path.join('.')))].join(', ');
    throw new NotifyConfigError(`notify secret holds invalid values for: ${names}`);
  }
  return merged.data;
}
