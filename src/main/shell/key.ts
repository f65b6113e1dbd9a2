/**
 * The desktop app's database key, sealed by the OS (Electron safeStorage: DPAPI on Windows, the
 * keychain on macOS, the secret service on Linux): the sealed bytes in the data directory are of
 * no use on another machine or account. Where the OS offers no real store (Linux without a
 * keyring falls back to a fixed password), the key file that browser mode uses is taken instead.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { safeStorage } from 'electron';
import { DatabaseKeyError, KEY_BYTES, KEY_FILE, keyFileProvider, type KeyProvider } from '../db/key.js';

export const SEALED_KEY_FILE = 'station.key.sealed';

const osStoreUsable = (): boolean => {
  if (!safeStorage.isEncryptionAvailable()) return false;
  if (process.platform !== 'linux') return true;
  return safeStorage.getSelectedStorageBackend() !== 'basic_text';
};

const writeSealed = (path: string, hex: string) => {
  const fd = openSync(`${path}.part`, 'w', 0o600);
  try {
    writeSync(fd, safeStorage.encryptString(hex));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  // the key is never half-written: a crash leaves the old state or the new
  renameSync(`${path}.part`, path);
};

export const safeStorageKeyProvider =
  (dataDir: string, databaseExists: () => boolean): KeyProvider =>
  async () => {
    const sealed = join(dataDir, SEALED_KEY_FILE);
    if (existsSync(sealed)) {
      if (!safeStorage.isEncryptionAvailable()) throw new DatabaseKeyError('keyMissing', 'the OS key store is not available');
      return Buffer.from(safeStorage.decryptString(readFileSync(sealed)), 'hex');
    }
    const keyFile = join(dataDir, KEY_FILE);
    if (!osStoreUsable()) return keyFileProvider(dataDir, databaseExists)();
    if (existsSync(keyFile)) {
      // a data directory browser mode used first: its key moves under the OS's protection
      const key = await keyFileProvider(dataDir, databaseExists)();
      writeSealed(sealed, key.toString('hex'));
      rmSync(keyFile, { force: true });
      return key;
    }
    if (databaseExists()) throw new DatabaseKeyError('keyMissing', sealed);
    const key = randomBytes(KEY_BYTES);
    writeSealed(sealed, key.toString('hex'));
    return key;
  };
