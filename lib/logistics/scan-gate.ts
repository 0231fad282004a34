import type { StallScanResult } from './stall-scanner.ts';

/**
 * One scan at a time per process. The scan is safe to overlap (every step is conditional), but
 * overlapping runs only cost reads and writes, so the local timer skips a tick while one runs and
 * an API trigger waits for the running one, then starts its own.
 */
export class StallScanGate {
  private tail: Promise<unknown> = Promise.resolve();
  private running = false;

  constructor(private readonly scan: () => Promise<StallScanResult>) {}

  /** For the timer: undefined when a scan is already running. */
  runIfIdle(): Promise<StallScanResult> | undefined {
    return this.running ? undefined : this.run();
  }

  /** For an explicit trigger: a scan that starts after every scan already running or waiting. */
  run(): Promise<StallScanResult> {
    const next = this.tail.then(async () => {
      this.running = true;
      try {
        return await this.scan();
      } finally {
        this.running = false;
      }
    });
    this.tail = next.catch(() => undefined);
    return next;
  }
}
