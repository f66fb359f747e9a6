// The table of what a failed import POST means, for every error kind and both kinds of file. README's
// "What the agent guarantees" says the same in words.
import { describe, expect, it } from 'vitest';
import type { FileKind } from '../../../shared/run';
import type { ApiError } from '../api/types';
import { postErrorMeaning, safeToResend, type PostErrorMeaning } from './send-decisions';

type Case = ApiError['kind'] | 'server (API JSON, no importId)';
const error = (kind: Case): ApiError =>
  kind === 'server (API JSON, no importId)'
    ? { kind: 'server', status: 500, apiAnswer: true, message: kind, detail: kind }
    : kind === 'server'
      ? { kind: 'server', status: 502, apiAnswer: false, message: kind, detail: kind }
      : ({ kind, status: 500, problems: [], message: kind, detail: kind } as ApiError);

// kind of error → [resent at once within the run?, meaning afterwards] for a document and a customer file.
type Meaning = PostErrorMeaning['kind'];
const TABLE: readonly [Case, { report: [boolean, Meaning]; customers: [boolean, Meaning] }][] = [
  // Provably never reached 楽楽明細: a few quick tries, then 再送待ち, whatever the file.
  ['unreachable', { report: [true, 'retry-wait'], customers: [true, 'retry-wait'] }],
  // Refused before the import: 再送待ち at once, honouring Retry-After (no hammering).
  ['maintenance', { report: [false, 'retry-wait'], customers: [false, 'retry-wait'] }],
  ['rate-limited', { report: [false, 'retry-wait'], customers: [false, 'retry-wait'] }],
  ['server (API JSON, no importId)', { report: [false, 'retry-wait'], customers: [false, 'retry-wait'] }],
  // May have arrived: a document is 要確認; a customer upsert goes again.
  ['server', { report: [false, 'held'], customers: [true, 'retry-wait'] }],
  ['uncertain', { report: [false, 'held'], customers: [true, 'retry-wait'] }],
  ['malformed', { report: [false, 'held'], customers: [true, 'retry-wait'] }],
  // Time will not fix a wrong token or URL: the file waits in its folder for the next run.
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

  it('a 再送待ち says why in the clerk\'s words and keeps the server\'s Retry-After', () => {
    expect(postErrorMeaning('report', { kind: 'maintenance', message: 'm', detail: 'd', retryAfter: '120' })).toEqual({
      kind: 'retry-wait', reason: '楽楽明細がメンテナンス中でした（データは届いていません）。', retryAfter: '120',
    });
    const unreachable = postErrorMeaning('report', { kind: 'unreachable', message: '楽楽明細に接続できませんでした（接続を拒否されました: ECONNREFUSED）。データは送信されていません。', detail: 'd' });
    expect(unreachable).toEqual({ kind: 'retry-wait', reason: '楽楽明細に接続できませんでした（接続を拒否されました: ECONNREFUSED）。データは送信されていません。' });
  });

  it('covers every error kind', () => {
    const kinds: Record<ApiError['kind'], true> = {
      unreachable: true, uncertain: true, server: true, malformed: true, 'rate-limited': true, maintenance: true, auth: true, 'not-found': true, rejected: true,
    };
    expect([...new Set(TABLE.map(([k]) => (k.startsWith('server') ? 'server' : k)))].sort()).toEqual(Object.keys(kinds).sort());
  });
});
