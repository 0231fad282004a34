import { afterAll, describe, expect, it } from 'vitest';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DurableQueueJournal } from '../../../lib/local/durable-queue-journal.ts';

/** The journal behind local durability, on a real file: what a crash leaves behind is replayed. */
const dirs: string[] = [];
const newDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'journal-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('durable queue journal', () => {
  it('keeps what was appended and not done across a reopen, bodies with spaces, newlines and emoji intact', async () => {
    const dir = newDir();
    const j = await DurableQueueJournal.open({ dir });
    const bodies = ['{"a":"x y z"}', '{"b":"line\\nbreak"}', '{"c":"😀 𠀀"}', '{"a":"x y z"}'];
    await Promise.all(bodies.map((body) => j.append([{ queue: 'q-ingest', body }])));
    await j.done(['{"b":"line\\nbreak"}', '{"a":"x y z"}']);
    // No close(): a crash leaves the file as it is.
    const again = await DurableQueueJournal.open({ dir });
    expect(again.pending().map((e) => e.body).sort()).toEqual(['{"a":"x y z"}', '{"c":"😀 𠀀"}']);
    expect(again.pending().every((e) => e.queue === 'q-ingest')).toBe(true);
    await again.close();
    await j.close();
  });

  it('ignores a torn last line (its append never resolved, so it was never acked)', async () => {
    const dir = newDir();
    const j = await DurableQueueJournal.open({ dir });
    await j.append([{ queue: 'q', body: '{"ok":1}' }]);
    await j.close();
    appendFileSync(join(dir, 'queue-journal.log'), '+ abc q "{\\"tor');
    const again = await DurableQueueJournal.open({ dir });
    expect(again.pending()).toEqual([{ queue: 'q', body: '{"ok":1}' }]);
    await again.close();
  });

  it('compacts itself: a long run of processed messages does not grow the file without bound', async () => {
    const dir = newDir();
    const j = await DurableQueueJournal.open({ dir, compactSlack: 50 });
    for (let i = 0; i < 500; i++) {
      const body = `{"n":${i}}`;
      await j.append([{ queue: 'q', body }]);
      await j.done([body]);
    }
    await j.append([{ queue: 'q', body: '{"left":true}' }]);
    const lines = readFileSync(join(dir, 'queue-journal.log'), 'utf8').split('\n').filter(Boolean).length;
    expect(lines).toBeLessThan(200);
    await j.close();
    const again = await DurableQueueJournal.open({ dir });
    expect(again.pending()).toEqual([{ queue: 'q', body: '{"left":true}' }]);
    await again.close();
  });
});
