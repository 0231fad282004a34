/**
 * One error type for everything that should become an HTTP answer. Mapped to a response in one
 * place (`lib/http/app.ts`), so no handler builds error bodies by hand and nothing leaks a stack,
 * a secret or the payload.
 */
export class HttpError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 503,
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'HttpError';
  }
}

export const badRequest = (code: string, message: string) => new HttpError(400, code, message);
export const unauthorized = (message = 'signature missing or invalid') =>
  new HttpError(401, 'invalid_signature', message);
export const notFound = (code: string, message: string) => new HttpError(404, code, message);
export const conflict = (code: string, message: string) => new HttpError(409, code, message);
export const unavailable = (message: string, cause?: unknown) =>
  new HttpError(503, 'storage_unavailable', message, { cause });

/** Thrown by stores when a conditional write loses a race; callers retry or map to 409. */
export class ConditionFailedError extends Error {
  constructor(message = 'condition failed', options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ConditionFailedError';
  }
}

/** Errors of the AWS SDK that mean "the dependency is not answering", as opposed to a bad request. */
export function isDependencyUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const name = (err as { name?: string }).name ?? '';
  const code = (err as { code?: string }).code ?? '';
  const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return (
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN'].includes(code) ||
    /Throttl|ServiceUnavailable|InternalServerError|RequestLimitExceeded|ProvisionedThroughputExceeded|TimeoutError|NetworkingError|RequestTimeout/.test(name) ||
    (status !== undefined && status >= 500) ||
    err.name === 'AbortError'
  );
}
