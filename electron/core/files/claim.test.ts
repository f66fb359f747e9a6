import { mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeWhole } from './archive';
import { claimFile, isClaimedPath, releaseClaim } from './claim';
import { fsError } from './test-helpers';
import { openRegular, readRegularFile } from './regular-file';

let dir: string;
beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'claim-'))));
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('claimFile / releaseClaim', () => {
  it('claims into 処理中 beside the file; a new file under the same name is a new file; release never replaces it', async () => {
    const path = join(dir, 'bill.csv');
    await writeFile(path, 'A');
    const claimed = await claimFile(path);
    expect(claimed).toEqual({ status: 'claimed', path: join(dir, '処理中', 'bill.csv') });
    expect(isClaimedPath(join(dir, '処理中', 'bill.csv'))).toBe(true);
    // The exporter writes B under the same name: a new file, A is untouched.
    await writeFile(path, 'B');
    expect(await readFile(join(dir, '処理中', 'bill.csv'), 'utf8')).toBe('A');
    const back = await releaseClaim(join(dir, '処理中', 'bill.csv'), path);
    expect(back).toEqual({ ok: true, value: join(dir, 'bill (2).csv') });
    expect(await readFile(path, 'utf8')).toBe('B');
    expect(await readFile(join(dir, 'bill (2).csv'), 'utf8')).toBe('A');
    expect(await readdir(join(dir, '処理中'))).toEqual([]);
  });

  it('a name already in 処理中 (left by a crash) gets a numbered one; a vanished file is gone; a held file is locked', async () => {
    const path = join(dir, 'bill.csv');
    await writeFile(path, 'A');
    await claimFile(path);
    await writeFile(path, 'B');
    expect(await claimFile(path)).toEqual({ status: 'claimed', path: join(dir, '処理中', 'bill (2).csv') });
    expect(await claimFile(join(dir, 'nothing.csv'))).toEqual({ status: 'gone' });
    await writeFile(path, 'C');
    const busy = await claimFile(path, async () => {
      throw fsError('EBUSY');
    });
    expect(busy.status).toBe('locked');
    expect(busy.status === 'locked' && busy.error.message).toContain('Excelなどで開かれています');
  });
});

describe('openRegular / readRegularFile', () => {
  it('refuses a symbolic link (never follows it) and a FIFO (never opens it)', async () => {
    const target = join(dir, 'target.csv');
    await writeFile(target, 'secret');
    await symlink(target, join(dir, 'link.csv'));
    const link = await openRegular(join(dir, 'link.csv'));
    expect(!link.ok && link.error.code).toBe('files.not-regular');
    execFileSync('mkfifo', [join(dir, 'fifo.csv')]);
    const fifo = await readRegularFile(join(dir, 'fifo.csv'));
    expect(!fifo.ok && fifo.error.code).toBe('files.not-regular');
    const real = await readRegularFile(target);
    expect(real.ok && Buffer.from(real.value.bytes).toString()).toBe('secret');
  });
});

describe('writeWhole', () => {
  it('a disk that fills up half-way leaves no file under the name (never a 0-byte note) and no temporary file', async () => {
    const note = join(dir, 'bill_エラー内容.txt');
    const r = await writeWhole(note, 'long note', async (temp) => {
      await writeFile(temp, '');
      throw fsError('ENOSPC', 'write');
    });
    expect(r).toMatchObject({ error: expect.anything() });
    expect(await readdir(dir)).toEqual([]);
  });

  it('never replaces an existing file', async () => {
    const note = join(dir, 'n.txt');
    await writeFile(note, 'first');
    expect(await writeWhole(note, 'second')).toBe('exists');
    expect(await readFile(note, 'utf8')).toBe('first');
    expect(await readdir(dir)).toEqual(['n.txt']);
  });
});
