import { chmodSync, mkdtempSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkRootFolder } from './root-folder-check';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'root-check-'))));
afterEach(() => {
  chmodSync(dir, 0o700);
  rmSync(dir, { recursive: true, force: true });
});

describe('checkRootFolder', () => {
  it('accepts an existing writable folder and leaves nothing behind', async () => {
    expect(await checkRootFolder(dir)).toBeNull();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('names a missing folder, a file and a relative path in Japanese at agent.root', async () => {
    expect(await checkRootFolder(join(dir, 'nope'))).toEqual({ path: 'agent.root', message: expect.stringMatching(/ファイルの配置場所.*見つかりません/) });
    writeFileSync(join(dir, 'f'), '');
    expect((await checkRootFolder(join(dir, 'f')))?.message).toMatch(/フォルダではありません/);
    expect((await checkRootFolder('userdata'))?.message).toMatch(/ドライブから始まる/);
  });

  it('names a folder it cannot write into', async () => {
    // root writes anywhere a mode allows, so as root (CI) use sysfs, which refuses new files to all.
    const unwritable = process.getuid?.() === 0 && process.platform === 'linux' ? '/sys' : dir;
    if (unwritable === dir) chmodSync(dir, 0o500);
    expect((await checkRootFolder(unwritable))?.message).toMatch(/書き込めません/);
  });
});
