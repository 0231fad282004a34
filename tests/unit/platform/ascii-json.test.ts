import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { asciiJson, serializeMessage } from '../../../lib/platform/queue/sqs-queue.ts';

describe('ASCII-escaped JSON for queue bodies', () => {
  it('escapes every code unit above 0x7E, surrogate pairs as two escapes', () => {
    expect(serializeMessage({ t: '😡' })).toBe('{"t":"\\ud83d\\ude21"}');
    expect(serializeMessage({ t: '𠀀\uffff\u007f~' })).toBe('{"t":"\\ud840\\udc00\\uffff\\u007f~"}');
  });

  it('round-trips any JSON value exactly, lone surrogates included, and leaves only printable ASCII', () => {
    fc.assert(
      // Bounded sizes: unbounded generated values made single runs take seconds.
      fc.property(fc.jsonValue({ maxDepth: 3, depthSize: 'small' }), fc.string({ unit: 'binary', maxLength: 200 }), (v, s) => {
        for (const value of [v, { s }]) {
          const out = serializeMessage(value);
          if (!/^[\x00-\x7e]*$/.test(out)) return false;
          if (JSON.stringify(JSON.parse(out)) !== JSON.stringify(value)) return false;
        }
        return true;
      }),
      { numRuns: 200 },
    );
  }, 30_000); // generous: generation alone is slow on a loaded machine

  it('leaves ASCII-only JSON untouched', () => {
    const json = JSON.stringify({ a: 'plain', n: 1 });
    expect(asciiJson(json)).toBe(json);
  });
});
