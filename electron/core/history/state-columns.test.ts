import { describe, expect, it } from 'vitest';
import type { FileState } from '../../../shared/run';
import { stateColumns, type KeptColumns } from './state-columns';

/** A file's states in order, each written over what the previous one left: the columns after each. */
function columnsAlong(states: readonly FileState[]) {
  let kept: KeptColumns | null = null;
  return states.map((state) => {
    const c = stateColumns(state, kept);
    kept = { sha256: c.sha256, import_id: c.importId, problems_json: c.problemsJson, data_lines: c.dataLines };
    return { state: c.state, sha256: c.sha256, importId: c.importId, problems: JSON.parse(c.problemsJson) as unknown, next: c.nextAttemptAt, lines: c.dataLines };
  });
}

const retryWait: FileState = { state: 'retry-wait', sha256: 'aa', attempts: 1, nextAttemptAt: '2025-03-31T01:00:00.000Z', firstFailedAt: '2025-03-31T00:00:00.000Z', reason: 'メンテナンス中' };

describe('stateColumns', () => {
  it('keeps the hash and the line count through the states that no longer carry them, and adds the import id once known', () => {
    expect(columnsAlong([
      { state: 'found' },
      { state: 'checked', sha256: 'aa', lines: 12, bytes: 300 },
      { state: 'sending', sha256: 'aa' },
      { state: 'sent', importId: 1001 },
      { state: 'done', importId: 1001 },
    ])).toEqual([
      { state: 'found', sha256: null, importId: null, problems: [], next: null, lines: null },
      { state: 'checked', sha256: 'aa', importId: null, problems: [], next: null, lines: 12 },
      { state: 'sending', sha256: 'aa', importId: null, problems: [], next: null, lines: 12 },
      { state: 'sent', sha256: 'aa', importId: 1001, problems: [], next: null, lines: 12 },
      { state: 'done', sha256: 'aa', importId: 1001, problems: [], next: null, lines: 12 },
    ]);
  });

  it('gives 再送待ち its next attempt and clears it with whatever state follows', () => {
    const [waiting, sending] = columnsAlong([retryWait, { state: 'sending', sha256: 'aa' }]);
    expect(waiting?.next).toBe('2025-03-31T01:00:00.000Z');
    expect(sending?.next).toBeNull();
  });

  it('writes a refusal\'s problems, keeping the hash the failed state does not carry', () => {
    const problem = { line: 3, column: '顧客コード', message: '顧客コードが登録されていません' };
    const after = columnsAlong([
      { state: 'checked', sha256: 'aa', lines: 2, bytes: 40 },
      { state: 'failed', importId: 1002, problems: [problem] },
    ]);
    expect(after[1]).toMatchObject({ state: 'failed', importId: 1002, problems: [problem], sha256: 'aa' });
  });

  it('stores the whole state as JSON beside the columns', () => {
    expect(JSON.parse(stateColumns(retryWait, null).stateJson)).toEqual(retryWait);
  });
});
