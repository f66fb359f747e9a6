import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { preflight } from '../electron/core/preflight/preflight';
import { MEISAI_LIMITS } from '../electron/core/preflight/types';
import { makeLimitSizedCsv } from './preflight';

// The benchmark's input must really sit at both limits, or its numbers mean nothing. (No timing is
// asserted here: bench/run.ts runs benchmarkPreflight and reports the ratio.)
describe('makeLimitSizedCsv', () => {
  it('is exactly 10,000 lines and 3 MB of CP932, and passes pre-flight as one part', () => {
    const bytes = makeLimitSizedCsv();
    expect(bytes.length).toBe(MEISAI_LIMITS.maxBytes);
    const text = iconv.decode(Buffer.from(bytes), 'cp932');
    expect(text.split('\r\n').length - 1).toBe(MEISAI_LIMITS.maxLines);
    const r = preflight({ fileName: 'bench.csv', bytes, kind: 'report', hasHeader: true });
    expect(r.verdict === 'ready' && r.parts.length).toBe(1);
  });
});
