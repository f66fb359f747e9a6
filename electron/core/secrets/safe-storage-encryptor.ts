// An Encryptor over Electron's safeStorage, typed structurally so that this file stays Electron-free
// (the main process passes the real `safeStorage`; tests pass a fake). Electron 39, which this
// project builds with, only declares the synchronous API; the asynchronous one (Electron ≥ 40, the
// synchronous one is removed in 46) is used whenever the running Electron has it, and data written
// by the synchronous API decrypts with the asynchronous one.
import type { Encryptor } from './encryptor';

export type LinuxStorageBackend = 'basic_text' | 'gnome_libsecret' | 'kwallet' | 'kwallet5' | 'kwallet6' | 'unknown' | string;

export interface SafeStorageLike {
  isEncryptionAvailable?(): boolean;
  encryptString?(plainText: string): Buffer;
  decryptString?(encrypted: Buffer): string;
  getSelectedStorageBackend?(): LinuxStorageBackend;
  isAsyncEncryptionAvailable?(): Promise<boolean>;
  encryptStringAsync?(plainText: string): Promise<Buffer>;
  decryptStringAsync?(encrypted: Buffer): Promise<{ shouldReEncrypt: boolean; result: string }>;
}

export class EncryptionUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EncryptionUnavailableError';
  }
}

/** Which safeStorage API the running Electron offers. */
export function safeStorageFlavour(s: SafeStorageLike): 'async' | 'sync' | 'none' {
  if (typeof s.encryptStringAsync === 'function' && typeof s.decryptStringAsync === 'function') return 'async';
  if (typeof s.encryptString === 'function' && typeof s.decryptString === 'function') return 'sync';
  return 'none';
}

export function createSafeStorageEncryptor(s: SafeStorageLike, platform: string): Encryptor {
  const flavour = safeStorageFlavour(s);

  const available = async (): Promise<boolean> => {
    if (flavour === 'async') return s.isAsyncEncryptionAvailable ? await s.isAsyncEncryptionAvailable() : true;
    if (flavour === 'sync') return s.isEncryptionAvailable ? s.isEncryptionAvailable() : true;
    return false;
  };

  return {
    name: `safeStorage-${flavour}`,
    async protection() {
      if (!(await available())) return 'plain-text';
      // On Linux without a keyring Chromium "encrypts" with a fixed, public key: that is plain text
      // to anyone who can read the file, and the window must say so.
      if (platform === 'linux' && s.getSelectedStorageBackend?.() === 'basic_text') return 'plain-text';
      return 'encrypted';
    },
    async encrypt(plainText) {
      if (!(await available())) throw new EncryptionUnavailableError('safeStorage: encryption is not available');
      if (flavour === 'async') return new Uint8Array(await s.encryptStringAsync!(plainText));
      return new Uint8Array(s.encryptString!(plainText));
    },
    async decrypt(data) {
      const buffer = Buffer.from(data);
      if (flavour === 'async') {
        const r = await s.decryptStringAsync!(buffer);
        return { plainText: r.result, reEncrypt: r.shouldReEncrypt };
      }
      if (flavour === 'sync') return { plainText: s.decryptString!(buffer), reEncrypt: false };
      throw new EncryptionUnavailableError('safeStorage: no decryption API');
    },
  };
}
