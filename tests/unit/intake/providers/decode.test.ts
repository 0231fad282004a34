import { describe, expect, it } from 'vitest';
import { decodeJsonBigIntSafe } from '../../../../lib/intake/providers/decode.ts';
import { douyin } from '../../../../lib/intake/providers/douyin.ts';
import { UnreadableBodyError } from '../../../../lib/intake/providers/types.ts';

describe('decodeJsonBigIntSafe', () => {
  it('keeps 64-bit ids exact and leaves digits inside strings alone', () => {
    const raw = Buffer.from('{"id":820982911946154508,"n":12,"f":1234567890123456.5,"s":"{\\"p_id\\": 6920000000000000001}","a":[-9007199254740993]}');
    expect(decodeJsonBigIntSafe(raw)).toEqual({ id: '820982911946154508', n: 12, f: 1234567890123456.5, s: '{"p_id": 6920000000000000001}', a: ['-9007199254740993'] });
  });
  it('rejects what is not JSON', () => {
    expect(() => decodeJsonBigIntSafe(Buffer.from('{"a":'))).toThrow(UnreadableBodyError);
  });
});

describe('douyin', () => {
  it('understands the URL check (tag 0) and unknown tags as nothing to do, not as errors', () => {
    const parsed = douyin.parse([{ tag: '0', msg_id: '1', data: '{}' }, { tag: '999', msg_id: '2', data: '{}' }], { secrets: [], extra: {} });
    expect(parsed).toEqual({ ignored: true, eventType: 'tag-0+999' });
    expect(douyin.ack('x').body).toBe('{"code":0,"msg":"success"}');
  });
});
