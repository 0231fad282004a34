import { describe, expect, it } from 'vitest';
import { StallScanGate } from '../../../lib/logistics/scan-gate.ts';
import type { StallScanResult } from '../../../lib/logistics/stall-scanner.ts';

describe('stall scan gate', () => {
  it('skips a timer tick while a scan runs, and runs explicit triggers one after another', async () => {
    // Prepare: a scan that finishes when we say so
    let running = 0;
    let maxRunning = 0;
    let release!: () => void;
    const gate = new StallScanGate(async () => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      await new Promise<void>((r) => (release = r));
      running--;
      return {} as StallScanResult;
    });
    // Act
    const first = gate.runIfIdle();
    await Promise.resolve();
    const tick = gate.runIfIdle();
    const explicit = gate.run();
    // Assess
    expect(first).toBeDefined();
    expect(tick).toBeUndefined();
    release();
    await first;
    await new Promise((r) => setTimeout(r, 0));
    release();
    await explicit;
    expect(maxRunning).toBe(1);
  });
});
