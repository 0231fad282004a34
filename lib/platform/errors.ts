/**
 * The one error base. Every module derives its own errors from it (`lib/<module>/errors.ts`) and
 * says only what went wrong (`kind`) and a stable snake_case `code`; the HTTP edge maps kinds to
 * status codes once (`lib/http/base-app.ts`), so no domain code knows about HTTP and no handler
 * builds an error body by hand or leaks a stack, a secret or the payload.
 */
export type ErrorKind =
  | 'invalid' // 400
  | 'unauthorized' // 401
  | 'forbidden' // 403
  | 'not_found' // 404
  | 'conflict' // 409
  | 'too_large' // 413
  | 'unsupported' // 415
  | 'unavailable'; // 503

export class HubError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

const STATUS_OF_KIND = { invalid: 400, unauthorized: 401, forbidden: 403, not_found: 404, conflict: 409, too_large: 413, unsupported: 415, unavailable: 503 } as const;
const KIND_OF_STATUS = Object.fromEntries(Object.entries(STATUS_OF_KIND).map(([k, s]) => [s, k])) as Record<number, ErrorKind>;

export const httpStatusOf = (err: HubError) => STATUS_OF_KIND[err.kind];

/**
 * The HTTP edge's own errors (routes, the ack path, which is HTTP by nature: 413/415 are answers
 * to the request, not domain facts). Kept as a status-first constructor for readability there.
 */
export class HttpError extends HubError {
  constructor(status: keyof typeof KIND_OF_STATUS & number, code: string, message: string, options?: { cause?: unknown }) {
    super(KIND_OF_STATUS[status] ?? 'invalid', code, message, options);
  }
  get status(): number {
    return STATUS_OF_KIND[this.kind];
  }
}

export const badRequest = (code: string, message: string) => new HubError('invalid', code, message);
export const unauthorized = (message = 'signature missing or invalid') => new HubError('unauthorized', 'invalid_signature', message);
export const notFound = (code: string, message: string) => new HubError('not_found', code, message);
export const conflict = (code: string, message: string) => new HubError('conflict', code, message);
export const unavailable = (message: string, cause?: unknown) => new HubError('unavailable', 'storage_unavailable', message, { cause });

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
