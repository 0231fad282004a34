/**
 * The records of one SQS batch, running side by side, as a group: a step every record takes (its
 * dedup read, its done record) can be gathered into ONE request for the batch instead of one per
 * record. A record's call waits until every record still running is waiting too (at this step or
 * another) or has finished; then each step with waiters flushes once for all of them, and each
 * record gets its own answer (or the flush's error). The records of a batch are independent, so
 * the wait costs the batch nothing: it ends when its slowest record does either way. The records
 * must run side by side (sqs-batch-handler.ts sets it): one at a time, a step would wait for
 * records that have not started.
 */
export class RecordBatch {
  private running: number;
  private readonly steps = new Map<string, Step<never, unknown>>();

  constructor(size: number) {
    this.running = size;
  }

  /** The batch's gatherer for one step (made on first use; `flush` answers in the order of its items). */
  gather<I, O>(name: string, flush: (items: I[]) => Promise<O[]>): (item: I) => Promise<O> {
    const step = (this.steps.get(name) as Step<I, O> | undefined) ?? { flush, waiting: [] };
    this.steps.set(name, step as unknown as Step<never, unknown>);
    return (item) =>
      new Promise<O>((resolve, reject) => {
        step.waiting.push({ item, resolve, reject });
        this.check();
      });
  }

  /** A record finished, however it ended: steps waiting only for it flush now. */
  recordDone() {
    this.running--;
    this.check();
  }

  private check() {
    let blocked = 0;
    for (const s of this.steps.values()) blocked += s.waiting.length;
    if (blocked === 0 || blocked < this.running) return;
    for (const s of this.steps.values()) {
      if (!s.waiting.length) continue;
      const batch = s.waiting;
      s.waiting = [];
      s.flush(batch.map((w) => w.item)).then(
        (out) => batch.forEach((w, i) => w.resolve(out[i]!)),
        (err: unknown) => batch.forEach((w) => w.reject(err)),
      );
    }
  }
}

interface Step<I, O> {
  flush: (items: I[]) => Promise<O[]>;
  waiting: { item: I; resolve: (o: O) => void; reject: (e: unknown) => void }[];
}
