/**
 * Secrets read through the AWS Parameters and Secrets Lambda Extension: a local HTTP endpoint
 * (localhost:2773 by default) that the extension layer serves inside the Lambda sandbox and that
 * caches what it fetched from Secrets Manager. Why not the SDK client: this is AWS's recommended
 * way to read secrets in Lambda, and it keeps @aws-sdk/client-secrets-manager (14 kB, plus its
 * cold-start work) out of the front functions' bundles.
 * https://docs.aws.amazon.com/secretsmanager/latest/userguide/retrieving-secrets_lambda.html
 */
export interface SecretsExtensionOptions {
  /** PARAMETERS_SECRETS_EXTENSION_HTTP_PORT, the extension's own setting (default 2773). */
  port?: number;
  /** AWS_SESSION_TOKEN: the extension answers only requests that carry the function's own token. */
  token?: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export class SecretReadError extends Error {
  override name = 'SecretReadError';
  constructor(readonly status: number | undefined) {
    // The status only: the extension's error text can name the secret's ARN, never its value.
    super(`secret could not be read${status ? ` (HTTP ${status})` : ' (extension unreachable)'}`);
  }
}

/** Options from the function's environment, as the extension documents them. */
export const extensionOptionsFrom = (env: Record<string, string | undefined>): SecretsExtensionOptions => ({
  port: env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT ? Number(env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT) : undefined,
  token: env.AWS_SESSION_TOKEN,
});

/** The secret's `SecretString` (undefined for a binary secret). */
export async function readSecretString(secretId: string, o: SecretsExtensionOptions = {}): Promise<string | undefined> {
  const url = `http://localhost:${o.port ?? 2773}/secretsmanager/get?secretId=${encodeURIComponent(secretId)}`;
  const res = await (o.fetch ?? fetch)(url, {
    headers: { 'X-Aws-Parameters-Secrets-Token': o.token ?? '' },
    signal: AbortSignal.timeout(o.timeoutMs ?? 3000),
  }).catch(() => {
    throw new SecretReadError(undefined);
  });
  if (!res.ok) {
    await res.body?.cancel().catch(() => undefined);
    throw new SecretReadError(res.status);
  }
  const body = (await res.json()) as { SecretString?: string };
  return body.SecretString;
}
