/**
 * Runs `fn` over `items` with at most `limit` in flight. Unlike Promise.all it waits for every
 * item before rejecting, so nothing keeps writing in the background after the caller gave up, and
 * one failure does not stop the others (each item is idempotent and retried by the next scan).
 */
export async function forEachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  const errors: unknown[] = [];
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++]!;
      try {
        await fn(item);
      } catch (err) {
        errors.push(err);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors, `${errors.length} of ${items.length} failed: ${describe(errors[0])}`);
}

const describe = (err: unknown) => (err instanceof Error ? `${err.name}: ${err.message}` : String(err));
