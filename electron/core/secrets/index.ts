// The token store: one interface, a file-backed implementation over an injected Encryptor, a memory
// one for tests, and the safeStorage adapter the tray app passes in.
export { SECRET_ERRORS, UNDECRYPTABLE_MESSAGE, type SecretStore, type TokenStorage } from './secret-store';
export { plainTextEncryptor, type Encryptor } from './encryptor';
export { createFileSecretStore, type FileSecretStoreOptions } from './file-secret-store';
export { createMemorySecretStore, type MemorySecretStore, type MemorySecretStoreOptions } from './memory-secret-store';
export { createSafeStorageEncryptor, safeStorageFlavour, type SafeStorageLike } from './safe-storage-encryptor';
export { envToken, environmentToken, givenToken, resolveToken, storedToken, withEnvironmentToken, TOKEN_ENV, TOKEN_SHAPE, TOKEN_SHAPE_MESSAGE, type ResolvedToken, type TokenCandidate, type TokenOrigin } from './token-source';
