/**
 * The station database's key: 32 random bytes made on first run, given to SQLCipher as a raw key
 * (no passphrase stretching on every open). Where it is kept depends on how the app runs: the
 * desktop app keeps it sealed by the OS (Electron safeStorage, in src/main/shell); browser mode
 * keeps it in a key file only its owner can read, or derives it from a passphrase given at start.
 * The core only ever sees a provider: it asks it for the key, and asks it to keep another key when
 * a restore brings the data of another PC (whose key the head's recovery key unlocked).
 */
import { hkdfSync, randomBytes, scrypt as scryptCb } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, renameSync, statSync, writeSync, fsyncSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const scrypt = promisify(scryptCb) as (password: string, salt: Buffer, keylen: number, options: { N: number; r: number; p: number; maxmem: number }) => Promise<Buffer>;

export const KEY_BYTES = 32;
/** Browser mode's key file in the data directory (mode 0600). */
export const KEY_FILE = 'station.key';
/** The salt a passphrase is stretched with; not secret, made once. */
export const PASSPHRASE_SALT_FILE = 'station.key-salt';
/** The environment variable that gives browser mode a passphrase instead of a key file. */
export const PASSPHRASE_ENV = 'STATION_DB_PASSPHRASE';

/** Where the core gets its database key from, and where it keeps a key it is given. */
export interface KeyProvider {
  /** The database key, made on first run. */
  get(): Promise<Buffer>;
  /**
   * Keeps `key` as this data directory's database key from now on (replacing the one kept), whole
   * or not at all: a restore of another PC's backup adopts that backup's key.
   */
  store(key: Buffer): Promise<void>;
}

/** A start-up problem with the key, in both languages: it is shown before any UI exists. */
export class DatabaseKeyError extends Error {
  constructor(
    readonly reason: 'wrongKey' | 'keyFileOpen' | 'keyFileBad' | 'keyMissing' | 'keyFixed',
    detail: string,
  ) {
    super(`${MESSAGES[reason].zh} ${MESSAGES[reason].en} (${detail})`);
    this.name = 'DatabaseKeyError';
  }
}

const MESSAGES: Record<DatabaseKeyError['reason'], { zh: string; en: string }> = {
  wrongKey: {
    zh: '数据库无法用当前密钥打开:密钥不正确(或密钥文件、口令与这份数据不符)。数据未作任何改动。',
    en: 'The database cannot be opened with this key: the key is wrong (or the key file or passphrase does not belong to this data). Nothing was changed.',
  },
  keyFileOpen: {
    zh: '密钥文件可被其他用户读取,拒绝启动。请执行 chmod 600 后重试。',
    en: 'The key file is readable by other users; refusing to start. Run chmod 600 on it and start again.',
  },
  keyFileBad: {
    zh: '密钥文件内容无效(应为 64 位十六进制)。',
    en: 'The key file is not valid (it must hold 64 hexadecimal digits).',
  },
  keyMissing: {
    zh: '已有加密的数据库,但找不到它的密钥。',
    en: 'The database is encrypted but its key cannot be found.',
  },
  keyFixed: {
    zh: '本机的数据库密钥由启动口令生成,不能换用其他电脑的密钥。请改用密钥文件启动后再恢复。',
    en: 'This computer’s database key comes from a start-up passphrase and cannot be replaced by another computer’s key. Start with a key file, then restore.',
  },
};

/**
 * A key's public name: tells whether two files are under the same key (a backup made on this PC
 * or on another) without saying anything about the key.
 */
export const keyIdOf = (key: Buffer): string =>
  Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'station-desk key id v1', 8)).toString('hex');

/** The key as SQLCipher's raw-key literal: no key derivation on open. */
export const rawKeyLiteral = (key: Buffer): string => `x'${key.toString('hex')}'`;

/** The key attachments are encrypted with: derived from the database key, never the same bytes. */
export const fileKeyFrom = (databaseKey: Buffer): Buffer =>
  Buffer.from(hkdfSync('sha256', databaseKey, Buffer.alloc(0), 'station-desk attachments v1', KEY_BYTES));

const writeNew = (path: string, content: string) => {
  // 'wx': never replaces a key that appeared meanwhile; 0600 from the start, not chmod after
  const fd = openSync(path, 'wx', 0o600);
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
};

/** Writes a small secret file whole or not at all (a crash leaves the old one or the new), mode 0600. */
export const replaceSecretFile = (path: string, content: string | Buffer) => {
  const part = `${path}.part`;
  const fd = openSync(part, 'w', 0o600);
  try {
    writeSync(fd, typeof content === 'string' ? Buffer.from(content) : content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(part, path);
};

/**
 * Browser mode's key file: made on first run, readable only by its owner. A file others can read
 * is refused rather than used (on Windows the mode bits say nothing; the folder's ACL protects it).
 * `databaseExists` tells a lost key file from a first run: an encrypted database without its key
 * is never given a new one.
 */
export const keyFileProvider = (dataDir: string, databaseExists: () => boolean = () => false): KeyProvider => ({
  async get() {
    const path = join(dataDir, KEY_FILE);
    if (!existsSync(path)) {
      if (databaseExists()) throw new DatabaseKeyError('keyMissing', path);
      writeNew(path, randomBytes(KEY_BYTES).toString('hex'));
    }
    if (process.platform !== 'win32' && (statSync(path).mode & 0o077) !== 0) throw new DatabaseKeyError('keyFileOpen', path);
    const text = readFileSync(path, 'utf8').trim();
    if (!/^[0-9a-f]{64}$/i.test(text)) throw new DatabaseKeyError('keyFileBad', path);
    return Buffer.from(text, 'hex');
  },
  async store(key) {
    replaceSecretFile(join(dataDir, KEY_FILE), key.toString('hex'));
  },
});

/**
 * A passphrase stretched with scrypt and a salt kept beside the database (the salt is not secret).
 * The key follows from the passphrase, so it cannot take another key.
 */
export const passphraseProvider = (dataDir: string, passphrase: string): KeyProvider => ({
  async get() {
    const path = join(dataDir, PASSPHRASE_SALT_FILE);
    if (!existsSync(path)) writeNew(path, randomBytes(16).toString('hex'));
    const salt = Buffer.from(readFileSync(path, 'utf8').trim(), 'hex');
    return scrypt(passphrase.normalize('NFC'), salt, KEY_BYTES, { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
  },
  async store() {
    throw new DatabaseKeyError('keyFixed', dataDir);
  },
});
