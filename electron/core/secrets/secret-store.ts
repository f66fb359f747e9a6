// Where the 楽楽明細 API token lives. The window never sees it in full (only a TokenView), the log
// never sees it at all, and a token that can no longer be decrypted is reported as a problem for the
// clerk to fix by typing it again — never a crash, never a silent fall-back to plain text.
import type { Result } from '../../../shared/result';

/** Mirrors TokenView.storage in shared/ipc/contract.ts. */
export type TokenStorage = 'encrypted' | 'plain-text' | 'environment' | 'none';

export interface SecretStore {
  /** The token, null when none is saved, or an error (with a Japanese message) when it cannot be read. */
  get(): Promise<Result<string | null>>;
  set(token: string): Promise<Result<null>>;
  clear(): Promise<Result<null>>;
  /** How the current token is kept; `none` when nothing is saved. */
  storage(): TokenStorage;
}

/** Error codes a SecretStore returns, so callers can tell "ask again" from "disk problem". */
export const SECRET_ERRORS = {
  /** Saved, but can no longer be decrypted: the clerk must enter the token again. */
  undecryptable: 'secrets.undecryptable',
  /** The OS refused to encrypt (keyring locked, no keyring). */
  encryptFailed: 'secrets.encrypt-failed',
  /** Reading or writing the file failed. */
  io: 'secrets.io',
  /** The saved file is not ours or is damaged. */
  corrupt: 'secrets.corrupt',
} as const;

export const UNDECRYPTABLE_MESSAGE =
  '保存されているAPIトークンを読み取れませんでした（Windowsのユーザーやパスワードの変更、設定の別PCへの移動などで暗号化の鍵が変わったためです）。Step1でAPIトークンをもう一度入力して保存してください。';
