import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dataPathsFor } from '../settings/data-paths';
import { decideLoss, keepAside, lossMessage, type LossFacts } from './history-loss';

const none = { staging: false, processed: false, agentId: false, ledger: false };
type FactsInput = Partial<Omit<LossFacts, 'traces'>> & { readonly traces?: Partial<LossFacts['traces']> };
const facts = (over: FactsInput): LossFacts => ({
  db: 'opened', runs: 3, unknownAttempts: 0, ...over, traces: { ...none, ...over.traces },
});

describe('decideLoss', () => {
  it.each([
    ['a first start: no database, no trace', facts({ db: 'missing', runs: 0 }), null],
    ['no database, but staging/ exists', facts({ db: 'missing', runs: 0, traces: { staging: true } }), 'missing'],
    ['no database, but a 処理済み folder', facts({ db: 'missing', runs: 0, traces: { processed: true } }), 'missing'],
    ['no database, but settings.json has an agent id', facts({ db: 'missing', runs: 0, traces: { agentId: true } }), 'missing'],
    ['no database, but the sent ledger has records', facts({ db: 'missing', runs: 0, traces: { ledger: true } }), 'missing'],
    ['a file that is no database, whatever the traces', facts({ db: 'unreadable', runs: 0 }), 'unreadable'],
    ['a database lacking sends the ledger knows (WAL deleted or truncated)', facts({ unknownAttempts: 4, traces: { ledger: true } }), 'rows-gone'],
    ['an empty database made anew while files were sent from here', facts({ runs: 0, traces: { staging: true } }), 'missing'],
    ['an empty database after saving settings only (agent id alone)', facts({ runs: 0, traces: { agentId: true } }), null],
    ['a healthy history', facts({ traces: { staging: true, processed: true, agentId: true, ledger: true } }), null],
  ] as const)('%s', (_, input, kind) => {
    expect(decideLoss(input)?.kind ?? null).toBe(kind);
  });

  it('names its evidence', () => {
    expect(decideLoss(facts({ db: 'missing', runs: 0, unknownAttempts: 2, traces: { staging: true, ledger: true } }))?.evidence).toEqual(['staging', 'sent-ledger', '2 sends unknown to the history']);
  });
});

describe('keepAside', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'meisai-loss-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('moves a damaged database and its WAL into history-lost-<time>/, never over an earlier one', () => {
    const paths = dataPathsFor(dir, process.platform);
    const at = new Date('2026-11-30T00:05:03Z');
    writeFileSync(paths.historyDb, 'not a database');
    writeFileSync(`${paths.historyDb}-wal`, 'wal');
    const first = keepAside(paths, 'unreadable', at)!;
    expect(readdirSync(first).sort()).toEqual(['history.db', 'history.db-wal']);
    expect(existsSync(paths.historyDb)).toBe(false);
    writeFileSync(paths.historyDb, 'again');
    const second = keepAside(paths, 'unreadable', at)!;
    expect(second).not.toBe(first);
    expect(second.endsWith(' (2)')).toBe(true);
  });

  it('copies when the database stays in use (rows gone), and keeps nothing when there is nothing', () => {
    const paths = dataPathsFor(dir, process.platform);
    expect(keepAside(paths, 'missing', new Date())).toBe(null);
    mkdirSync(dir, { recursive: true });
    writeFileSync(paths.historyDb, 'db');
    const kept = keepAside(paths, 'rows-gone', new Date())!;
    expect(readdirSync(kept)).toEqual(['history.db']);
    expect(existsSync(paths.historyDb)).toBe(true);
  });
});

describe('lossMessage', () => {
  it('says what was found, where the files are, what came back, and that documents wait for the clerk', () => {
    const text = lossMessage('rows-gone', '/data/history-lost-20261130-090503', { imported: 2, polled: 4, held: 1 });
    expect(text).toContain('最近の記録）が失われていました');
    expect(text).toContain('/data/history-lost-20261130-090503');
    expect(text).toContain('以前の送信7件を取り戻しました（取込済み2件・取込確認中4件・要確認1件）');
    expect(text).toContain('確認するまで帳票データの送信を止めています');
  });

  it('counts the 再送待ち the ledger gave back', () => {
    expect(lossMessage('missing', null, { imported: 0, polled: 0, held: 1, waiting: 2 })).toContain('以前の送信3件を取り戻しました（要確認1件・再送待ち2件）');
  });
});
