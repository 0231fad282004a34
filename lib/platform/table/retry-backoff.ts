/**
 * The wait before retrying a lost optimistic-concurrency race: exponential with full jitter
 * (AWS Architecture Blog, "Exponential Backoff And Jitter"), so a burst of writers on one hot item
 * (a batch's counters, one quality window) spreads out instead of colliding again in lockstep.
 */
export const raceBackoff = (attempt: number) => new Promise((r) => setTimeout(r, Math.random() * Math.min(2000, 25 * 2 ** attempt)));

/**
 * Sends a batch request until DynamoDB leaves nothing unprocessed (it hands back what it throttled),
 * waiting longer before each resend; throws after 8 resends. `send` returns what is left.
 */
export async function untilProcessed<T>(what: string, first: T[], send: (pending: T[]) => Promise<T[]>): Promise<void> {
  let pending = first;
  for (let attempt = 0; pending.length; attempt++) {
    if (attempt > 8) throw new Error(`${what} left requests unprocessed after 8 retries`);
    if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 20 * 2 ** attempt)));
    pending = await send(pending);
  }
}
