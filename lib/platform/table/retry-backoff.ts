/**
 * The wait before retrying a lost optimistic-concurrency race: exponential with full jitter
 * (AWS Architecture Blog, "Exponential Backoff And Jitter"), so a burst of writers on one hot item
 * (a batch's counters, one quality window) spreads out instead of colliding again in lockstep.
 */
export const raceBackoff = (attempt: number) => new Promise((r) => setTimeout(r, Math.random() * Math.min(2000, 25 * 2 ** attempt)));
