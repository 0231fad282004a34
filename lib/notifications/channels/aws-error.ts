import { isDependencyUnavailable } from '../../platform/errors.ts';
import type { SendResult } from './notification-channel.ts';

/**
 * A failed AWS SDK call as a channel outcome. The detail names the provider and the error's name
 * (and its documented `Reason` code where the service sends one), never the error message: SES
 * rejections quote the addresses that failed ("...identities failed the check: a@b.cn").
 * Retryable: whatever the service documents as "try again later", plus network failures and 5xx.
 */
export function awsFailure(provider: string, err: unknown, retryableNames: ReadonlySet<string>): SendResult {
  const name = err instanceof Error ? err.name : 'error';
  const reason = (err as { Reason?: unknown } | undefined)?.Reason;
  const detail = `${provider} ${name}${typeof reason === 'string' ? ` ${reason}` : ''}`;
  return { ok: false, retryable: retryableNames.has(name) || isDependencyUnavailable(err), detail };
}
