/**
 * The desktop app's database key, sealed by the OS (Electron safeStorage: DPAPI on Windows, the
 * keychain on macOS, the secret service on Linux): the sealed bytes in the data directory are of
 * no use on another machine or account. Where the OS offers no real store (Linux without a
 * keyring falls back to a fixed password), the key file that browser mode uses is taken instead.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { safeStorage } from 'electron';
import { DatabaseKeyError, KEY_BYTES, KEY_FILE, keyFileProvider, replaceSecretFile, type KeyProvider } from '../db/key.js';

export const SEALED_KEY_FILE = 'station.key.sealed';

const osStoreUsable = (): boolean => {
  if (!safeStorage.isEncryptionAvailable()) return false;
  if (process.platform !== 'linux') return true;
  return safeStorage.getSelectedStorageBackend() !== 'basic_text';
};

// the key is never half-written: a crash leaves the old state or the new
const writeSealed = (path: string, key: Buffer) => replaceSecretFile(path, safeStorage.encryptString(key.toString('hex')));

export const safeStorageKeyProvider = (dataDir: string, databaseExists: () => boolean): KeyProvider => {
  const sealed = join(dataDir, SEALED_KEY_FILE);
  const keyFile = keyFileProvider(dataDir, databaseExists);
  return {
    async get() {
      if (existsSync(sealed)) {
        if (!safeStorage.isEncryptionAvailable()) throw new DatabaseKeyError('keyMissing', 'the OS key store is not available');
        return Buffer.from(safeStorage.decryptString(readFileSync(sealed)), 'hex');
      }
      if (!osStoreUsable()) return keyFile.get();
      if (existsSync(join(dataDir, KEY_FILE))) {
        // a data directory browser mode used first: its key moves under the OS's protection
        const key = await keyFile.get();
        writeSealed(sealed, key);
        rmSync(join(dataDir, KEY_FILE), { force: true });
        return key;
      }
      if (databaseExists()) throw new DatabaseKeyError('keyMissing', sealed);
      const key = randomBytes(KEY_BYTES);
      writeSealed(sealed, key);
      return key;
    },
    /** Another PC's key, recovered with the head's recovery key, sealed by this PC's OS. */
    async store(key) {
      if (!osStoreUsable()) return keyFile.store(key);
      writeSealed(sealed, key);
      rmSync(join(dataDir, KEY_FILE), { force: true });
    },
  };
};
