import { extensionOptionsFrom, readSecretString } from '../../platform/aws/secrets-extension.ts';
import type { Config } from '../../platform/config.ts';
import { LOCAL_DEFAULT_SECRETS } from './local-defaults.ts';
import { providers } from './index.ts';
import type { ProviderId } from './index.ts';
import type { ProviderSecrets } from './types.ts';

/** Where provider secrets come from: environment locally, one Secrets Manager secret deployed. */
export interface SecretSource {
  get(provider: ProviderId): Promise<ProviderSecrets>;
}

/** `WEBHOOK_SECRET_17TRACK` etc.: provider id upper-cased, non-alphanumerics → `_` (contract §1). */
export const secretEnvName = (provider: string, extra?: string) =>
  `WEBHOOK_SECRET_${provider.toUpperCase().replace(/[^A-Z0-9]/g, '_')}${extra ? `_${extra}` : ''}`;

/**
 * Several secrets may be active at once so keys rotate without downtime: separate them with a
 * comma (or give several PEM blocks). The first one is the newest by convention; all verify.
 */
export function splitSecrets(value: string | undefined): string[] {
  if (!value) return [];
  if (value.includes('-----BEGIN')) {
    return value.match(/-----BEGIN [^-]+-----[\s\S]*?-----END [^-]+-----/g)?.map((s) => s.trim()) ?? [];
  }
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}

export function envSecretSource(env: Record<string, string | undefined>, opts: { localDefaults: boolean }): SecretSource {
  const cache = new Map<ProviderId, ProviderSecrets>();
  return {
    async get(provider) {
      let hit = cache.get(provider);
      if (!hit) {
        const defaults = opts.localDefaults ? LOCAL_DEFAULT_SECRETS[provider] : undefined;
        const secrets = splitSecrets(env[secretEnvName(provider)]);
        const extra: Record<string, string | undefined> = {};
        for (const name of providers[provider].extraSecrets ?? []) {
          extra[name] = env[secretEnvName(provider, name)] ?? defaults?.extra?.[name];
        }
        hit = { secrets: secrets.length ? secrets : defaults ? splitSecrets(defaults.secret) : [], extra };
        cache.set(provider, hit);
      }
      return hit;
    },
  };
}

/**
 * Deployed: one JSON secret keyed by provider id, e.g.
 * `{"stripe":"whsec_...","paypal":"-----BEGIN CERTIFICATE-----...","paypal_WEBHOOK_ID":"...","wechatpay_APIV3_KEY":"..."}`.
 * A value may also be an array of secrets (rotation). Read once per cold start and cached; a
 * failed read is not cached, so the next request tries again.
 */
export function secretsManagerSource(readSecret: () => Promise<string | undefined>): SecretSource {
  let loaded: Promise<Record<string, unknown>> | undefined;
  const load = () =>
    (loaded ??= readSecret().then(
      (text) => JSON.parse(text ?? '{}') as Record<string, unknown>,
      (err) => {
        loaded = undefined;
        throw err;
      },
    ));
  return {
    async get(provider) {
      const all = await load();
      const raw = all[provider];
      const secrets = Array.isArray(raw) ? raw.map(String) : splitSecrets(typeof raw === 'string' ? raw : undefined);
      const extra: Record<string, string | undefined> = {};
      for (const name of providers[provider].extraSecrets ?? []) {
        const v = all[`${provider}_${name}`];
        extra[name] = typeof v === 'string' ? v : undefined;
      }
      return { secrets, extra };
    },
  };
}

export function secretSourceFromConfig(config: Pick<Config, 'STAGE' | 'WEBHOOK_SECRETS_ID'>, env: Record<string, string | undefined> = process.env): SecretSource {
  return config.WEBHOOK_SECRETS_ID
    ? secretsManagerSource(() => readSecretString(config.WEBHOOK_SECRETS_ID!, extensionOptionsFrom(env)))
    : envSecretSource(env, { localDefaults: config.STAGE === 'local' });
}
