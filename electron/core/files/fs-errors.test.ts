import { describe, expect, it } from 'vitest';
import { describeFsError, errnoCode } from './fs-errors';

const fsError = (code: string) => Object.assign(new Error(`${code}: something`), { code });

describe('describeFsError', () => {
  const path = 'C:\\請求\\billdata.csv';
  it.each([
    ['ENOSPC', 'fs.disk-full', '空き容量'],
    ['EACCES', 'fs.permission', 'アクセス権'],
    ['EPERM', 'fs.permission', 'アクセス権'],
    ['ENOENT', 'fs.missing', '見つからない'],
    ['EBUSY', 'fs.busy', 'Excel'],
    ['EROFS', 'fs.read-only', '読み取り専用'],
    ['EIO', 'fs.other', 'EIO'],
  ])('%s → %s, naming the path and what was being done', (code, appCode, words) => {
    const e = describeFsError(fsError(code), 'ファイルを移動する', path);
    expect(e.code).toBe(appCode);
    expect(e.message).toContain(words);
    expect(e.message).toContain(path);
    expect(e.message).toContain('ファイルを移動する');
    expect(e.detail).toContain(code);
  });

  it('copes with a thrown non-Error', () => {
    const e = describeFsError('boom', 'ファイルを読む', path);
    expect(e.code).toBe('fs.other');
    expect(e.detail).toContain('boom');
    expect(errnoCode('boom')).toBeUndefined();
  });
});
