// The encryption a file-backed SecretStore uses, as an injected port. The Electron main passes an
// adapter over `safeStorage` (see safe-storage-encryptor.ts); tests pass a reversible fake. Kept
// asynchronous because Electron's synchronous safeStorage API is on its way out.

export interface Encryptor {
  /**
   * What encryption really gives here: `encrypted` when the OS protects the key (DPAPI, Keychain,
   * libsecret, KWallet); `plain-text` when the bytes can be read by anyone who reads the file (Linux
   * `basic_text` backend, or no encryption available at all). Said plainly in the window.
   */
  protection(): Promise<'encrypted' | 'plain-text'>;
  encrypt(plainText: string): Promise<Uint8Array>;
  /**
   * Rejects when the bytes cannot be decrypted (other user, password change, profile moved).
   * `reEncrypt` asks the caller to store the token again (the OS rotated the key).
   */
  decrypt(data: Uint8Array): Promise<{ readonly plainText: string; readonly reEncrypt: boolean }>;
  /** A short name for the log and the stored file, e.g. `safeStorage-async`, `safeStorage-sync`. */
  readonly name: string;
}

/**
 * No encryption at all: the token is written as UTF-8. Used only where the OS offers nothing and
 * labelled `plain-text` so that the window says so.
 */
export const plainTextEncryptor: Encryptor = {
  name: 'plain-text',
  protection: async () => 'plain-text',
  encrypt: async (plainText) => new TextEncoder().encode(plainText),
  decrypt: async (data) => ({ plainText: new TextDecoder('utf-8', { fatal: true }).decode(data), reEncrypt: false }),
};
