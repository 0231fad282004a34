import { describe, expect, it } from 'vitest';
import { maskEmail, maskPhone, scrubPii, SCRUB_MAX_CHARS } from '../../../lib/platform/masking.ts';

/**
 * Issue 18: the old e-mail regex was O(n²) on long runs of local-part characters, so a 16 KB
 * request path stalled the event loop; and common phone formats slipped through. Timing is
 * judged relative to the scrubber itself (n versus 4n) and to a plain linear pass, never in
 * absolute milliseconds, so a slow CI machine cannot make the test flaky.
 */

/**
 * The fastest of several runs of `fn`, in ms: noise (another process, a GC pause) only ever adds
 * time, so the minimum is the run closest to the work itself — a loaded CI machine cannot make it
 * look quadratic.
 */
function timeIt(fn: () => void, runs = 9): number {
  fn(); // warm-up: JIT and the fold cache
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    best = Math.min(best, performance.now() - t);
  }
  return best;
}

/** A linear reference of the same length: one pass reading every code unit. */
function linearPass(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) | 0;
  return h;
}

const KB16 = 16 * 1024;
/** Inputs that made backtracking regexes (or a naive rescan) quadratic. */
const hostile: Record<string, (n: number) => string> = {
  'local-part run after an @': (n) => `@${'a'.repeat(n - 1)}`,
  'local-part run ending in @': (n) => `${'a.'.repeat(n / 2 - 1)}@x`,
  'many @ in a row': (n) => 'a@'.repeat(n / 2),
  'domain run without a TLD': (n) => `a@${'b1-'.repeat(Math.floor((n - 2) / 3))}`,
  'digit groups ending as a decimal': (n) => `${'1 '.repeat(n / 2 - 2)}1.5`,
  'dashed digits': (n) => '1-'.repeat(n / 2),
  'dotted digits': (n) => '1.'.repeat(n / 2),
  'plus signs and digits': (n) => '+1'.repeat(n / 2),
  'full-width digits and spaces': (n) => '１\u3000'.repeat(n / 2),
  'parentheses': (n) => '(1'.repeat(n / 2),
  'digits after colons': (n) => ':1'.repeat(n / 2),
};

describe('scrubPii runs in linear time', () => {
  for (const [name, make] of Object.entries(hostile)) {
    it(`${name}: 16× the input costs about 16× the time, not 256×`, () => {
      const small = make(KB16 / 4);
      const large = make(KB16 * 4);
      // The best of three rounds: a busy machine's pause inflates one round's ratio, while a
      // quadratic scrubber shows ~256 in every round.
      let tSmall = 0;
      let tLarge = Infinity;
      let tLinear = 0;
      for (let round = 0; round < 3 && (round === 0 || tLarge / Math.max(tSmall, 0.05) >= 64); round++) {
        tSmall = timeIt(() => scrubPii(small));
        tLarge = timeIt(() => scrubPii(large));
        tLinear = timeIt(() => linearPass(large), 21);
      }
      // Linear growth gives ~16, quadratic ~256: 64 leaves a wide margin for timer noise either way.
      // The floor (0.05 ms) keeps a tiny tSmall from turning scheduler jitter into a ratio.
      expect(tLarge / Math.max(tSmall, 0.05), `t(64K)=${tLarge.toFixed(3)} ms, t(4K)=${tSmall.toFixed(3)} ms`).toBeLessThan(64);
      // And within a constant factor of one plain pass over the same text.
      expect(tLarge / Math.max(tLinear, 0.01), `t(64K)=${tLarge.toFixed(3)} ms vs linear ${tLinear.toFixed(3)} ms`).toBeLessThan(400);
    });
  }

  it('e-mails inside long runs are still found', () => {
    const pad = 'x.'.repeat(4000);
    const out = scrubPii(`${pad} xiaoming@qq.com ${pad}`);
    expect(out).not.toContain('xiaoming@qq.com');
    expect(out).toContain('x***@qq.com');
    const glued = scrubPii(`${'a'.repeat(8000)}@example.com`);
    expect(glued).toBe('a***@example.com');
  });

  it('input beyond the bound is cut, not scanned', () => {
    const out = scrubPii(`${'a'.repeat(SCRUB_MAX_CHARS)}13812345678`);
    expect(out).not.toContain('13812345678');
    expect(out.length).toBeLessThan(SCRUB_MAX_CHARS + 40);
  });
});

describe('scrubPii catches the formats that slipped through', () => {
  const cases: [string, string, string][] = [
    ['sentence end', '请尽快联系我 13812345678.', '138****5678'],
    ['after a Chinese label and colon', '联系电话:13812345678', '138****5678'],
    ['full-width colon', '联系电话：13812345678', '138****5678'],
    ['after Tel.', 'Tel.13812345678', '138****5678'],
    ['full-width digits', '电话１３８１２３４５６７８', '138****5678'],
    ['US dotted', 'call 415.555.1234 today', '415****1234'],
    ['US with parentheses', 'call (415) 555-1234', '415****1234'],
    ['international with spaces', 'Tel: +86 138 1234 5678', '+86138****5678'],
    ['ideographic spaces', '电话 138\u30001234\u30005678', '138****5678'],
    ['zero-width space inside', '138\u200b1234\u200b5678', '138****5678'],
    ['full-width at sign', 'mail ｘｉａｏ＠ｑｑ．ｃｏｍ', 'x***@qq.com'],
    ['e-mail made of digits', '13812345678@163.com', '1***@163.com'],
  ];
  for (const [name, input, masked] of cases) {
    it(name, () => {
      const out = scrubPii(input);
      expect(out).toContain(masked);
      expect(out.replace(/[^\d０-９]/g, '')).not.toMatch(/13812345678|4155551234|１３８１２３４５６７８/);
    });
  }

  it('leaves timestamps, dates, decimals, ids and the surrounding text as they were', () => {
    for (const s of [
      'at 2026-11-20T10:00:00Z',
      'at 2026-11-20T10:00:00.123456789Z',
      'on 2026-11-20.',
      'amount 1234567.89 CNY',
      'order SO-20261120001',
      'id 3f1c2b7a-1234-4c2d-9e8f-0123456789ab',
      'v1.2.3',
      '退货原因：尺码不对，（已拆封）。',
    ]) {
      expect(scrubPii(s)).toBe(s);
    }
    expect(scrubPii('call 13812345678 or mail a.b@example.com at 2026-11-20T10:00:00Z')).toBe('call 138****5678 or mail a***@example.com at 2026-11-20T10:00:00Z');
    // Full-width punctuation around a masked number stays full-width: only the number changes.
    expect(scrubPii('电话：１３８１２３４５６７８。谢谢')).toBe('电话：138****5678。谢谢');
  });
});

describe('maskers', () => {
  it('normalise before masking and stay bounded', () => {
    expect(maskPhone('+8613812345678')).toBe('+86138****5678');
    expect(maskPhone('１３８ １２３４ ５６７８')).toBe('138****5678');
    expect(maskEmail('xiaoming.wang@example.com')).toBe('x***@example.com');
    expect(maskEmail('ｘｉａｏ＠ｑｑ．ｃｏｍ')).toBe('x***@qq.com');
    expect(maskPhone('1'.repeat(100_000))).toBe('****');
    expect(maskEmail(`${'a'.repeat(100_000)}@x.com`)).toBe('***');
  });
});
