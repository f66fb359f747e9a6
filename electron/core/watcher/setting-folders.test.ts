// Making the settings' folders on real temporary folders.
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMissingFolders } from './setting-folders';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'meisai-folders-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('createMissingFolders', () => {
  it('makes the missing folders once each, leaves existing ones, and says what it could not make', async () => {
    await mkdir(join(root, 'clientmaster'));
    await writeFile(join(root, 'taken'), 'a file, not a folder');
    const r = await createMissingFolders([
      { folderPath: join(root, 'clientmaster') },
      { folderPath: join(root, 'billdata') },
      { folderPath: join(root, 'billdata') },
      { folderPath: join(root, 'taken') },
      { folderPath: join(root, 'no-root', 'x') },
    ]);
    expect(r.created).toEqual([join(root, 'billdata')]);
    expect((await stat(join(root, 'billdata'))).isDirectory()).toBe(true);
    expect(r.failed.map((f) => f.path)).toEqual([join(root, 'taken'), join(root, 'no-root', 'x')]);
    expect(r.failed[0]!.message).toContain('同じ名前のファイルがあるため');
    expect(r.failed[1]!.message).toContain('ファイルの配置場所が見つからない');
    expect(await createMissingFolders([{ folderPath: join(root, 'billdata') }])).toEqual({ created: [], failed: [] });
  });
});
