/**
 * The desktop's key provider against a double of Electron's safeStorage: a sealing double that
 * belongs to one "PC" (its own secret), so what one PC sealed does not open on another.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { KEY_FILE } from '../../src/main/db/key.js';
import { safeStorageKeyProvider, SEALED_KEY_FILE } from '../../src/main/shell/key.js';

/** Test double of safeStorage: seals with this PC's secret and records what it was asked. */
const osStore = {
  secret: randomBytes(32),
  backend: 'gnome_libsecret',
  available: true,
  asked: [] as string[],
  isEncryptionAvailable() {
    return this.available;
  },
  getSelectedStorageBackend() {
    return this.backend;
  },
  encryptString(plain: string) {
    this.asked.push('encryptString');
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.secret, iv);
    const body = Buffer.concat([c.update(plain), c.final()]);
    return Buffer.concat([iv, c.getAuthTag(), body]);
  },
  decryptString(sealed: Buffer) {
    this.asked.push('decryptString');
    const d = createDecipheriv('aes-256-gcm', this.secret, sealed.subarray(0, 12));
    d.setAuthTag(sealed.subarray(12, 28));
    return Buffer.concat([d.update(sealed.subarray(28)), d.final()]).toString();
  },
};
// read when the provider calls it, by which time the double exists (vi.mock runs first)
vi.mock('electron', () => ({
  get safeStorage() {
    return osStore;
  },
}));

const dirs: string[] = [];
const dataDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'station-desk-shell-key-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  Object.assign(osStore, { secret: randomBytes(32), backend: 'gnome_libsecret', available: true, asked: [] });
});

describe('the desktop key provider (safeStorage)', () => {
  it('makes the key on first run, sealed by the OS: nothing of it readable in the data directory', async () => {
    const dir = dataDir();
    const keys = safeStorageKeyProvider(dir, () => false);
    const key = await keys.get();
    expect(key).toHaveLength(32);
    const sealed = readFileSync(join(dir, SEALED_KEY_FILE));
    expect(sealed.includes(Buffer.from(key.toString('hex')))).toBe(false);
    expect(sealed.includes(key)).toBe(false);
    expect(statSync(join(dir, SEALED_KEY_FILE)).mode & 0o077).toBe(0);
    expect(existsSync(join(dir, KEY_FILE))).toBe(false);
    expect((await keys.get()).equals(key)).toBe(true);
  });

  it('keeps another PC’s key when told to (a restore), and another PC cannot unseal it', async () => {
    const dir = dataDir();
    const keys = safeStorageKeyProvider(dir, () => true);
    await keys.get().catch(() => undefined);
    const recovered = randomBytes(32);
    await keys.store(recovered);
    expect(osStore.asked).toContain('encryptString');
    expect((await safeStorageKeyProvider(dir, () => true).get()).equals(recovered)).toBe(true);
    // the same sealed file on another PC (another OS secret): of no use there
    osStore.secret = randomBytes(32);
    await expect(safeStorageKeyProvider(dir, () => true).get()).rejects.toThrow();
  });

  it('never makes a new key for an encrypted database whose sealed key is gone', async () => {
    const dir = dataDir();
    await expect(safeStorageKeyProvider(dir, () => true).get()).rejects.toThrow(/找不到它的密钥/);
  });

  it('moves a browser-mode key file under the OS’s seal; without a real OS store keeps using the key file', async () => {
    const dir = dataDir();
    const hex = randomBytes(32).toString('hex');
    writeFileSync(join(dir, KEY_FILE), hex, { mode: 0o600 });
    expect((await safeStorageKeyProvider(dir, () => true).get()).toString('hex')).toBe(hex);
    expect(existsSync(join(dir, KEY_FILE))).toBe(false);
    expect(existsSync(join(dir, SEALED_KEY_FILE))).toBe(true);

    // Linux without a keyring: safeStorage would only obfuscate, so the key file it is
    const plainDir = dataDir();
    osStore.backend = 'basic_text';
    const keys = safeStorageKeyProvider(plainDir, () => false);
    const key = await keys.get();
    expect(readFileSync(join(plainDir, KEY_FILE), 'utf8')).toBe(key.toString('hex'));
    const recovered = randomBytes(32);
    await keys.store(recovered);
    expect(readFileSync(join(plainDir, KEY_FILE), 'utf8')).toBe(recovered.toString('hex'));
    expect(statSync(join(plainDir, KEY_FILE)).mode & 0o077).toBe(0);
    expect(existsSync(join(plainDir, SEALED_KEY_FILE))).toBe(false);
  });
});
