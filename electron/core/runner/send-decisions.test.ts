// The table of what a failed import POST means, for every error kind and both kinds of file.
import { describe, expect, it } from 'vitest';
import type { FileKind } from '../../../shared/run';
import type { ApiError } from '../api/types';
import { postErrorMeaning, safeToResend, type PostErrorMeaning } from './send-decisions';

const error = (kind: ApiError['kind']): ApiError => ({ kind, status: 500, problems: [], message: kind, detail: kind }) as ApiError;

// kind of error → [resent in the run?, meaning afterwards] for a document and a customer file.
type Meaning = PostErrorMeaning['kind'];
const TABLE: readonly [ApiError['kind'], { report: [boolean, Meaning]; customers: [boolean, Meaning] }][] = [
  // Provably never reached 楽楽明細: resent at once, whatever the file.
  ['unreachable', { report: [true, 'next-run'], customers: [true, 'next-run'] }],
  // May have arrived: a document is 要確認; a customer upsert may go again.
  ['uncertain', { report: [false, 'held'], customers: [true, 'next-run'] }],
  ['server', { report: [false, 'held'], customers: [true, 'next-run'] }],
  ['malformed', { report: [false, 'held'], customers: [true, 'next-run'] }],
  // Refused before the import: nothing was imported; the file waits for the next run.
  ['rate-limited', { report: [false, 'next-run'], customers: [true, 'next-run'] }],
  ['maintenance', { report: [false, 'next-run'], customers: [false, 'next-run'] }],
  ['auth', { report: [false, 'next-run'], customers: [false, 'next-run'] }],
  ['not-found', { report: [false, 'next-run'], customers: [false, 'next-run'] }],
  // 楽楽明細 read the file and refused it.
  ['rejected', { report: [false, 'refused'], customers: [false, 'refused'] }],
];

describe('what a failed import POST means', () => {
  it.each(TABLE.flatMap(([kind, byFile]) => (['report', 'customers'] as FileKind[]).map((file) => [kind, file, ...byFile[file]] as const)))(
    '%s for a %s file: resend in the run %s, then %s',
    (kind, file, resend, meaning) => {
      expect(safeToResend(file, error(kind))).toBe(resend);
      expect(postErrorMeaning(file, error(kind)).kind).toBe(meaning);
    },
  );

  it('a refusal carries 楽楽明細\'s problems, or its message when it named none', () => {
    const problems = [{ line: 3, column: '顧客コード', message: '顧客コードが登録されていません。' }];
    expect(postErrorMeaning('report', { kind: 'rejected', status: 400, problems, message: 'x', detail: 'x' })).toEqual({ kind: 'refused', problems });
    expect(postErrorMeaning('report', { kind: 'rejected', status: 400, problems: [], message: '取込できません。', detail: 'x' })).toEqual({ kind: 'refused', problems: [{ message: '取込できません。' }] });
  });

  it('covers every error kind', () => {
    const kinds: Record<ApiError['kind'], true> = {
      unreachable: true, uncertain: true, server: true, malformed: true, 'rate-limited': true, maintenance: true, auth: true, 'not-found': true, rejected: true,
    };
    expect(TABLE.map(([k]) => k).sort()).toEqual(Object.keys(kinds).sort());
  });
});
