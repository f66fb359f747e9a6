import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryLogger } from '../ports/logger';
import { plainTextEncryptor, type Encryptor } from './encryptor';
import { createFileSecretStore } from './file-secret-store';
import { SECRET_ERRORS } from './secret-store';
import { createSafeStorageEncryptor, type SafeStorageLike } from './safe-storage-encryptor';
import { createMemorySecretStore } from './memory-secret-store';

const TOKEN = 'AbCdEf0123456789AbCdEf0123456789AbCdEf0123456789AbCdEf01234567wxyz';

/** A keyed XOR "encryption": enough to tell keys apart; a wrong key yields noise, as DPAPI would fail. */
function xorEncryptor(key: number, name = 'safeStorage-sync'): Encryptor {
  return {
    name,
    protection: async () => 'encrypted',
    encrypt: async (text) => Uint8Array.from(Buffer.from(`OK:${text}`, 'utf8'), (b) => b ^ key),
    decrypt: async (data) => {
      const text = Buffer.from(Uint8Array.from(data, (b) => b ^ key)).toString('utf8');
      if (!text.startsWith('OK:')) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return { plainText: text.slice(3), reEncrypt: false };
    },
  };
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'secrets-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('file secret store', () => {
  it('saves the token encrypted, reads it back, and never writes or logs it in clear', async () => {
    const logger = new MemoryLogger();
    const file = join(dir, 'sub', 'api-token.json');
    const store = createFileSecretStore({ file, encryptor: xorEncryptor(0x5a), logger });
    expect(store.storage()).toBe('none');
    expect(await store.get()).toEqual({ ok: true, value: null });

    expect(await store.set(` ${TOKEN} `)).toEqual({ ok: true, value: null });
    expect(store.storage()).toBe('encrypted');
    const onDisk = await readFile(file, 'utf8');
    expect(onDisk).not.toContain(TOKEN);
    expect(JSON.parse(onDisk)).toMatchObject({ format: 'meisai-connector-token', encryptor: 'safeStorage-sync', protection: 'encrypted' });
    if (process.platform !== 'win32') expect((await stat(file)).mode & 0o777).toBe(0o600);

    expect(await store.get()).toEqual({ ok: true, value: TOKEN });
    expect(logger.text()).not.toContain(TOKEN);

    // A new store over the same file knows the label before anything is read.
    expect(createFileSecretStore({ file, encryptor: xorEncryptor(0x5a), logger }).storage()).toBe('encrypted');
  });

  it('asks for the token again when the key changed, without crashing or falling back to plain text', async () => {
    const file = join(dir, 'api-token.json');
    await createFileSecretStore({ file, encryptor: xorEncryptor(0x11), logger: new MemoryLogger() }).set(TOKEN);

    const other = createFileSecretStore({ file, encryptor: xorEncryptor(0x22), logger: new MemoryLogger() });
    const r = await other.get();
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe(SECRET_ERRORS.undecryptable);
    expect(r.error.message).toContain('もう一度入力');
    // Still labelled as what it was: the window says "encrypted, but unreadable".
    expect(other.storage()).toBe('encrypted');

    // Entering it again fixes it.
    expect((await other.set(TOKEN)).ok).toBe(true);
    expect(await other.get()).toEqual({ ok: true, value: TOKEN });
  });

  it('refuses to read encrypted bytes with the plain-text encryptor', async () => {
    const file = join(dir, 'api-token.json');
    await createFileSecretStore({ file, encryptor: xorEncryptor(0x11), logger: new MemoryLogger() }).set(TOKEN);
    const plain = createFileSecretStore({ file, encryptor: plainTextEncryptor, logger: new MemoryLogger() });
    const r = await plain.get();
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe(SECRET_ERRORS.undecryptable);
  });

  it('treats a "successful" decryption to noise as undecryptable', async () => {
    const file = join(dir, 'api-token.json');
    const noisy: Encryptor = { ...xorEncryptor(1), decrypt: async () => ({ plainText: '\u0000\u0001garbage!', reEncrypt: false }) };
    await createFileSecretStore({ file, encryptor: xorEncryptor(1), logger: new MemoryLogger() }).set(TOKEN);
    const r = await createFileSecretStore({ file, encryptor: noisy, logger: new MemoryLogger() }).get();
    expect(r.ok ? 'ok' : r.error.code).toBe(SECRET_ERRORS.undecryptable);
  });

  it('says plain-text honestly and reports a damaged file', async () => {
    const file = join(dir, 'api-token.json');
    const store = createFileSecretStore({ file, encryptor: plainTextEncryptor, logger: new MemoryLogger() });
    await store.set(TOKEN);
    expect(store.storage()).toBe('plain-text');
    expect(await store.get()).toEqual({ ok: true, value: TOKEN });

    await writeFile(file, '{"not":"ours"}');
    const r = await store.get();
    expect(r.ok ? 'ok' : r.error.code).toBe(SECRET_ERRORS.corrupt);

    expect((await store.clear()).ok).toBe(true);
    expect(store.storage()).toBe('none');
    expect(await store.get()).toEqual({ ok: true, value: null });
  });

  it('rejects a token with stray characters and reports an encryptor failure as a value', async () => {
    const file = join(dir, 'api-token.json');
    const failing: Encryptor = { ...xorEncryptor(3), encrypt: async () => { throw new Error('keychain locked'); } };
    const store = createFileSecretStore({ file, encryptor: failing, logger: new MemoryLogger() });
    const bad = await store.set('abc def');
    expect(bad.ok ? 'ok' : bad.error.code).toBe('secrets.invalid-token');
    const r = await store.set(TOKEN);
    expect(r.ok ? 'ok' : r.error.code).toBe(SECRET_ERRORS.encryptFailed);
    expect(store.storage()).toBe('none');
  });

  it('re-encrypts when the OS asks for it after a key rotation', async () => {
    const file = join(dir, 'api-token.json');
    let writes = 0;
    const base = xorEncryptor(9, 'safeStorage-async');
    const rotating: Encryptor = {
      ...base,
      encrypt: async (t) => { writes++; return base.encrypt(t); },
      decrypt: async (d) => ({ ...(await base.decrypt(d)), reEncrypt: true }),
    };
    const store = createFileSecretStore({ file, encryptor: rotating, logger: new MemoryLogger() });
    await store.set(TOKEN);
    expect(await store.get()).toEqual({ ok: true, value: TOKEN });
    expect(writes).toBe(2);
  });
});

describe('safeStorage adapter', () => {
  const fakeSync = (backend: string, available = true): SafeStorageLike => ({
    isEncryptionAvailable: () => available,
    encryptString: (t) => Buffer.from(`enc:${t}`),
    decryptString: (b) => {
      const s = b.toString();
      if (!s.startsWith('enc:')) throw new Error('decrypt failed');
      return s.slice(4);
    },
    getSelectedStorageBackend: () => backend,
  });

  it('uses the synchronous API when the running Electron has nothing else (Electron 39)', async () => {
    const e = createSafeStorageEncryptor(fakeSync('gnome_libsecret'), 'linux');
    expect(e.name).toBe('safeStorage-sync');
    expect(await e.protection()).toBe('encrypted');
    expect(await e.decrypt(await e.encrypt('x1'))).toEqual({ plainText: 'x1', reEncrypt: false });
  });

  it('prefers the asynchronous API when present and passes on shouldReEncrypt', async () => {
    const s: SafeStorageLike = {
      ...fakeSync('kwallet6'),
      isAsyncEncryptionAvailable: async () => true,
      encryptStringAsync: async (t) => Buffer.from(`async:${t}`),
      decryptStringAsync: async (b) => ({ result: b.toString().replace(/^async:/, ''), shouldReEncrypt: true }),
    };
    const e = createSafeStorageEncryptor(s, 'linux');
    expect(e.name).toBe('safeStorage-async');
    const bytes = await e.encrypt('tok');
    expect(Buffer.from(bytes).toString()).toBe('async:tok');
    expect(await e.decrypt(bytes)).toEqual({ plainText: 'tok', reEncrypt: true });
  });

  it('calls the Linux basic_text backend plain text, and only on Linux', async () => {
    expect(await createSafeStorageEncryptor(fakeSync('basic_text'), 'linux').protection()).toBe('plain-text');
    expect(await createSafeStorageEncryptor(fakeSync('basic_text'), 'win32').protection()).toBe('encrypted');
  });

  it('refuses to encrypt when encryption is unavailable, and the store turns that into a value', async () => {
    const e = createSafeStorageEncryptor(fakeSync('unknown', false), 'linux');
    expect(await e.protection()).toBe('plain-text');
    await expect(e.encrypt('t')).rejects.toThrow(/not available/);
    const store = createFileSecretStore({ file: join(dir, 't.json'), encryptor: e, logger: new MemoryLogger() });
    const r = await store.set(TOKEN);
    expect(r.ok ? 'ok' : r.error.code).toBe(SECRET_ERRORS.encryptFailed);
  });

  it('reads back what the sync API wrote after Electron gains the async API', async () => {
    const file = join(dir, 'api-token.json');
    const sync = fakeSync('gnome_libsecret');
    await createFileSecretStore({ file, encryptor: createSafeStorageEncryptor(sync, 'linux'), logger: new MemoryLogger() }).set(TOKEN);
    const upgraded: SafeStorageLike = {
      ...sync,
      encryptStringAsync: async (t) => sync.encryptString!(t),
      decryptStringAsync: async (b) => ({ result: sync.decryptString!(b), shouldReEncrypt: false }),
    };
    const r = await createFileSecretStore({ file, encryptor: createSafeStorageEncryptor(upgraded, 'linux'), logger: new MemoryLogger() }).get();
    expect(r).toEqual({ ok: true, value: TOKEN });
  });
});

describe('memory store', () => {
  it('memory store can simulate an undecryptable token and recover on set', async () => {
    const store = createMemorySecretStore({ token: 'abc123', protection: 'plain-text' });
    expect(store.storage()).toBe('plain-text');
    store.breakDecryption();
    const r = await store.get();
    expect(r.ok ? 'ok' : r.error.code).toBe(SECRET_ERRORS.undecryptable);
    await store.set('xyz789');
    expect(await store.get()).toEqual({ ok: true, value: 'xyz789' });
    await store.clear();
    expect(store.storage()).toBe('none');
  });
});
