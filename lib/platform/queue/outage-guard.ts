import { isDependencyUnavailable } from '../errors.ts';

/**
 * Outage handling for SQS consumers (issue 18: with DynamoDB unreachable for 40 s, every delivery
 * received meanwhile used up its receives and was parked in the DLQ).
 *
 * A message's receive count is its budget for *its own* problems (a bug, a poison payload). A
 * storage outage is nobody's message's fault, so while storage is down a consumer must stop
 * spending that budget: the guard trips on the first dependency-unavailable failure and, until
 * storage answers again, whole batches are turned away without touching the handler.
 *
 * - Lambda: the batch handler *throws* `DependencyOutageError`. A thrown error is a function error,
 *   which makes the event source mapping back off (it reduces the concurrency it gives the queue),
 *   whereas a partial response listing every record as failed does not; the batch comes back after
 *   the visibility timeout. With `probe` set, a tripped guard asks storage before each batch; without
 *   it, one record is let through as a canary.
 * - Local poller: it catches `DependencyOutageError`, makes the batch visible again at once (its
 *   receives are not spent on waiting), stops receiving and probes until storage answers.
 */
export class DependencyOutageError extends Error {
  override name = 'DependencyOutageError';
  constructor(
    /** Records of the batch that were not completed (failed or never started). */
    readonly unfinishedIds: string[],
    /** Records that completed before the outage was noticed; safe to delete. */
    readonly succeededIds: string[],
    options?: { cause?: unknown },
  ) {
    super(`storage unavailable: ${unfinishedIds.length} records turned away`, options);
  }
}

/** True when `err` or one of its causes is a dependency that is not answering. */
export function isOutage(err: unknown): boolean {
  let e: unknown = err;
  for (let depth = 0; depth < 5 && e; depth++) {
    if (e instanceof DependencyOutageError || isDependencyUnavailable(e)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

export interface OutageGuardOptions {
  /** Asks the dependency whether it answers (e.g. DescribeTable); resolves = up, rejects = down. */
  probe?: () => Promise<unknown>;
  /** A probe slower than this counts as down: a stalled dependency is as bad as a dead one. */
  probeTimeoutMs?: number;
}

export class OutageGuard {
  private tripped = false;
  private lastError: unknown;

  constructor(private readonly o: OutageGuardOptions = {}) {}

  get isOpen(): boolean {
    return this.tripped;
  }

  get error(): unknown {
    return this.lastError;
  }

  trip(err: unknown): void {
    this.tripped = true;
    this.lastError = err;
  }

  close(): void {
    this.tripped = false;
    this.lastError = undefined;
  }

  get hasProbe(): boolean {
    return this.o.probe !== undefined;
  }

  /** Runs the probe; closes the guard when it answers. Without a probe, answers undefined. */
  async probe(): Promise<boolean | undefined> {
    if (!this.o.probe) return undefined;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.o.probe(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('probe timed out')), this.o.probeTimeoutMs ?? 2000);
        }),
      ]);
      this.close();
      return true;
    } catch (err) {
      this.lastError = err;
      return false;
    } finally {
      clearTimeout(timer);
    }
  }
}
