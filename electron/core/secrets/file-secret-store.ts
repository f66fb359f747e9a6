// The token kept in one small JSON file in the app's data folder, its bytes produced by an injected
// Encryptor (safeStorage in the tray app). The file records which encryptor wrote it, so that bytes
// written encrypted are never read back as plain text, whatever the OS offers today.
import { readFileSync } from 'node:fs';
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { appError, err, ok, type Result } from '../../../shared/result';
import type { Logger } from '../ports/logger';
import type { Encryptor } from './encryptor';
import { SECRET_ERRORS, UNDECRYPTABLE_MESSAGE, type SecretStore, type TokenStorage } from './secret-store';
import { TOKEN_SHAPE, TOKEN_SHAPE_MESSAGE } from './token-source';

const FORMAT = 'meisai-connector-token';

interface TokenFile {
  readonly format: typeof FORMAT;
  readonly version: 1;
  readonly encryptor: string;
  readonly protection: 'encrypted' | 'plain-text';
  /** Base64 of the encryptor's output. */
  readonly data: string;
}

function parseTokenFile(text: string): TokenFile | null {
  try {
    const v = JSON.parse(text) as Partial<TokenFile>;
    if (
      v.format === FORMAT &&
      v.version === 1 &&
      typeof v.encryptor === 'string' &&
      (v.protection === 'encrypted' || v.protection === 'plain-text') &&
      typeof v.data === 'string'
    ) {
      return v as TokenFile;
    }
  } catch {
    // fall through: not ours
  }
  return null;
}

/** safeStorage's sync and async APIs read each other's data; anything else must match exactly. */
function compatible(writtenBy: string, readBy: string): boolean {
  const family = (name: string) => (name.startsWith('safeStorage-') ? 'safeStorage' : name);
  return family(writtenBy) === family(readBy);
}

export interface FileSecretStoreOptions {
  /** e.g. `<userData>/api-token.json`. */
  readonly file: string;
  readonly encryptor: Encryptor;
  readonly logger: Logger;
}

export function createFileSecretStore(options: FileSecretStoreOptions): SecretStore {
  const { file, encryptor, logger } = options;
  const log = logger.child({ module: 'secrets' });
  // storage() is synchronous (it feeds the TokenView), so the file's label is read once here and
  // kept current by set/clear.
  let current: TokenStorage = readLabelSync(file);

  async function write(token: string): Promise<Result<null>> {
    const protection = await encryptor.protection();
    let bytes: Uint8Array;
    try {
      bytes = await encryptor.encrypt(token);
    } catch (e) {
      log.error('token encryption failed', { encryptor: encryptor.name, error: String(e) });
      return err(
        appError(
          SECRET_ERRORS.encryptFailed,
          'APIトークンを暗号化できませんでした。パソコンのキーチェーン（鍵の保管庫）がロックされていないか確認し、もう一度保存してください。',
          String(e),
        ),
      );
    }
    const body: TokenFile = { format: FORMAT, version: 1, encryptor: encryptor.name, protection, data: Buffer.from(bytes).toString('base64') };
    const tmp = `${file}.${process.pid}.tmp`;
    try {
      await mkdir(dirname(file), { recursive: true });
      await writeFile(tmp, JSON.stringify(body), { mode: 0o600 });
      await chmod(tmp, 0o600).catch(() => undefined);
      await rename(tmp, file);
    } catch (e) {
      await rm(tmp, { force: true }).catch(() => undefined);
      log.error('token file write failed', { file, error: String(e) });
      return err(appError(SECRET_ERRORS.io, `APIトークンを保存できませんでした（${file}）。ディスクの空きと書き込み権限を確認してください。`, String(e)));
    }
    current = protection;
    log.info('token saved', { encryptor: encryptor.name, protection });
    return ok(null);
  }

  return {
    storage: () => current,

    async get() {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
          current = 'none';
          return ok(null);
        }
        return err(appError(SECRET_ERRORS.io, `APIトークンのファイルを読めませんでした（${file}）。`, String(e)));
      }
      const saved = parseTokenFile(text);
      if (saved === null) {
        log.warn('token file is damaged', { file });
        return err(appError(SECRET_ERRORS.corrupt, `保存されているAPIトークンのファイルが壊れています。Step1でAPIトークンをもう一度入力して保存してください。`, file));
      }
      current = saved.protection;
      if (!compatible(saved.encryptor, encryptor.name)) {
        // Written encrypted, and this machine can only do plain text now (or the reverse):
        // decoding the bytes any other way would hand back garbage or leak the choice. Ask again.
        log.warn('token written by another encryptor', { writtenBy: saved.encryptor, readBy: encryptor.name });
        return err(appError(SECRET_ERRORS.undecryptable, UNDECRYPTABLE_MESSAGE, `written by ${saved.encryptor}, reader ${encryptor.name}`));
      }
      let plain: { plainText: string; reEncrypt: boolean };
      try {
        plain = await encryptor.decrypt(Buffer.from(saved.data, 'base64'));
      } catch (e) {
        log.warn('token decryption failed', { encryptor: encryptor.name, error: String(e) });
        return err(appError(SECRET_ERRORS.undecryptable, UNDECRYPTABLE_MESSAGE, String(e)));
      }
      if (!TOKEN_SHAPE.test(plain.plainText)) {
        // A wrong key can "succeed" and return noise; never pass noise on as a token.
        log.warn('token decrypted to an unexpected shape', { encryptor: encryptor.name });
        return err(appError(SECRET_ERRORS.undecryptable, UNDECRYPTABLE_MESSAGE, 'decrypted value is not a token'));
      }
      if (plain.reEncrypt) {
        const again = await write(plain.plainText);
        if (!again.ok) log.warn('token re-encryption failed', { code: again.error.code });
      }
      return ok(plain.plainText);
    },

    async set(token) {
      const trimmed = token.trim();
      if (!TOKEN_SHAPE.test(trimmed)) {
        return err(appError('secrets.invalid-token', TOKEN_SHAPE_MESSAGE));
      }
      return write(trimmed);
    },

    async clear() {
      try {
        await rm(file, { force: true });
      } catch (e) {
        return err(appError(SECRET_ERRORS.io, `APIトークンのファイルを削除できませんでした（${file}）。`, String(e)));
      }
      current = 'none';
      log.info('token cleared');
      return ok(null);
    },
  };
}

function readLabelSync(file: string): TokenStorage {
  try {
    const saved = parseTokenFile(readFileSync(file, 'utf8'));
    return saved === null ? 'none' : saved.protection;
  } catch {
    return 'none';
  }
}
