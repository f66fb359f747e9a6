import { createHash } from 'node:crypto';
import { readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listCandidates } from './list-candidates';
import { changedWhileReading, discardStaged, stageFile } from './staging';
import { makeTempDir } from './test-helpers';

describe('stageFile', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ dir, cleanup } = await makeTempDir('stage')));
  afterEach(() => cleanup());

  it('copies the bytes into the agent-owned folder and leaves the clerk’s file where it is', async () => {
    const src = join(dir, 'clientmaster_1130.csv');
    const content = Buffer.from([0x8c, 0xda, 0x8b, 0x71, 0x2c, 0x41, 0x0d, 0x0a]);
    await writeFile(src, content);
    const staging = join(dir, 'agent', 'staging');

    const r = await stageFile(src, staging);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const s = await stat(src);
    expect(r.value).toMatchObject({ size: 8, mtimeMs: s.mtimeMs, sha256: createHash('sha256').update(content).digest('hex') });
    expect(Buffer.from(r.value.bytes).equals(content)).toBe(true);
    expect(r.value.stagedPath.startsWith(staging)).toBe(true);
    expect(r.value.stagedPath.endsWith('clientmaster_1130.csv')).toBe(true);
    expect((await readFile(r.value.stagedPath)).equals(content)).toBe(true);
    expect((await readFile(src)).equals(content)).toBe(true);
  });

  it('two stagings of the same name never clash', async () => {
    const src = join(dir, 'a.csv');
    await writeFile(src, 'one');
    const staging = join(dir, 'staging');
    const a = await stageFile(src, staging);
    await writeFile(src, 'two');
    const b = await stageFile(src, staging);
    expect(a.ok && b.ok).toBe(true);
    if (!a.ok || !b.ok) return;
    expect(a.value.stagedPath).not.toBe(b.value.stagedPath);
    expect(await readFile(a.value.stagedPath, 'utf8')).toBe('one');
    expect(await readFile(b.value.stagedPath, 'utf8')).toBe('two');
  });

  it('a file deleted between listing and reading is an error value, not a throw', async () => {
    const src = join(dir, 'bill_1.csv');
    await writeFile(src, 'x');
    const listed = await listCandidates(dir, 'bill');
    expect(listed.ok && listed.value.length).toBe(1);
    await rm(src);
    const r = await stageFile(src, join(dir, 'staging'));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('files.gone');
      expect(r.error.message).toContain('ファイルが見つかりません');
    }
  });

  it('a staging folder that cannot be created is reported in Japanese, source untouched', async () => {
    const src = join(dir, 'a.csv');
    await writeFile(src, 'x');
    const blocker = join(dir, 'file-not-folder');
    await writeFile(blocker, '');
    const r = await stageFile(src, join(blocker, 'staging'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain('作業用のコピーを作る');
    expect(await readFile(src, 'utf8')).toBe('x');
  });

  it('discardStaged removes the copy and its folder', async () => {
    const src = join(dir, 'a.csv');
    await writeFile(src, 'x');
    const staging = join(dir, 'staging');
    const r = await stageFile(src, staging);
    if (!r.ok) throw new Error(r.error.message);
    await discardStaged(r.value.stagedPath);
    expect(await readdir(staging)).toEqual([]);
    await expect(stat(dirname(r.value.stagedPath))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('changedWhileReading', () => {
  const before = { size: 10, mtimeMs: 1_000 };
  it('accepts an unchanged file read in full', () => {
    expect(changedWhileReading('a.csv', before, { ...before }, 10)).toBeNull();
  });
  it.each([
    ['grew', { size: 12, mtimeMs: 1_000 }, 10],
    ['touched', { size: 10, mtimeMs: 2_000 }, 10],
    ['short read', { size: 10, mtimeMs: 1_000 }, 8],
  ])('refuses a file that %s during the read', (_what, after, read) => {
    const e = changedWhileReading('a.csv', before, after, read);
    expect(e?.code).toBe('files.changed-while-reading');
    expect(e?.message).toContain('読み込み中にファイルが書き換えられました: a.csv');
  });
});
