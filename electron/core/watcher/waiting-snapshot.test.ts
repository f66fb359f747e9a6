import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { snapshotWaitingFiles } from './waiting-snapshot';
import type { WatchTarget } from './watch-targets';

let root: string;
beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'snapshot-'))));
afterEach(() => rmSync(root, { recursive: true, force: true }));

const target = (key: string, folder: string, prefix: string): WatchTarget => ({ key, folderPath: join(root, folder), prefix, kind: key === 'customers' ? 'customers' : 'report', hasHeader: true, arrival: false, waitsFor: [] });

describe('snapshotWaitingFiles', () => {
  it('lists matching files oldest first with stability from their age, and names a missing folder', async () => {
    mkdirSync(join(root, 'billdata', '処理済み'), { recursive: true });
    const now = new Date('2026-11-30T00:10:00Z');
    writeFileSync(join(root, 'billdata', 'billdata_old.csv'), 'a');
    utimesSync(join(root, 'billdata', 'billdata_old.csv'), new Date('2026-11-30T00:00:00Z'), new Date('2026-11-30T00:00:00Z'));
    writeFileSync(join(root, 'billdata', 'billdata_new.csv'), 'bb');
    utimesSync(join(root, 'billdata', 'billdata_new.csv'), now, now);
    writeFileSync(join(root, 'billdata', '~$billdata_new.csv'), '');
    writeFileSync(join(root, 'billdata', 'other.csv'), '');

    const [bills, customers] = await snapshotWaitingFiles([target('r1', 'billdata', 'billdata'), target('customers', 'clientmaster', 'clientmaster')], now, 3_000);
    expect(bills!.folderProblem).toBeNull();
    expect(bills!.files.map((f) => [f.fileName, f.bytes, f.stable, f.verdict])).toEqual([
      ['billdata_old.csv', 1, true, null],
      ['billdata_new.csv', 2, false, null],
    ]);
    // Stopped, the list still says what lies there that will not be sent.
    expect(bills!.ignored.map((i) => [i.fileName, i.reason]).sort()).toEqual([['other.csv', 'other-prefix'], ['~$billdata_new.csv', 'temporary']]);
    expect(customers).toMatchObject({ target: 'customers', files: [], folderProblem: expect.stringContaining('フォルダが見つかりません') });
  });
});
