/**
 * HQ's encryption at rest, by envelope: the stations' data is sealed with a data key (AES-256-GCM),
 * and the data key is stored in the database only wrapped by a master key that lives outside it,
 * in a key file only HQ's user may read. A copy of the database (a backup, a stolen disk, a
 * PostgreSQL dump, the SQLite WAL) is unreadable without the key file; the key file alone holds
 * no data.
 *
 * What is sealed is a stored text as a whole: every row payload a station uploads (hq_row, and a
 * rejected upload in hq_reject), every reference item HQ hands to stations (hq_ref: a transferred
 * case carries its parties), and a transfer's free-text reason. What HQ computes on stays in
 * clear columns beside it (station, table, row id, version, sequence, day, status, cancelled,
 * case id, times), so the overview counts without opening anything.
 *
 * Why the whole payload and not a list of personal fields: HQ stores rows of tables and columns it
 * does not know yet (a newer station's), and people turn up in free text anywhere (a note, a
 * dispute, a reason); a list would leave every field it missed in plain text, and would have to
 * be kept in step with every zone's tables. Sealing everything but the clear columns cannot miss.
 */
import { createCipheriv, createDecipheriv, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { chmodSync, closeSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/** Marks a sealed text; base64 never holds ':', and a plain payload (JSON) starts with '{'. */
export const SEALED_PREFIX = 'sealed:v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
/** The data key's wrapping is bound to its purpose: a sealed row cannot be passed off as the key. */
const WRAP_AAD = Buffer.from('station-desk hq data key');

/** HQ may not start: the message says what is wrong and what to do, in Chinese and English. */
export class HqKeyError extends Error {}

/**
 * Random IVs drawn from a pool: one call for the random source per 4,096 seals rather than one
 * per row (it was a third of sealing a row). 96 random bits each, as GCM asks.
 */
const IV_POOL = IV_BYTES * 4096;
let ivPool = Buffer.alloc(0);
let ivAt = IV_POOL;
const nextIv = (): Buffer => {
  if (ivAt === IV_POOL) {
    ivPool = randomBytes(IV_POOL);
    ivAt = 0;
  }
  ivAt += IV_BYTES;
  return ivPool.subarray(ivAt - IV_BYTES, ivAt);
};

/** The key as OpenSSL holds it: made once, not imported again for every row. */
type Key = KeyObject;
const keyOf = (raw: Buffer): Key => createSecretKey(raw);

const seal = (key: Key, plain: Buffer | string, aad?: Buffer): string => {
  const iv = nextIv();
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  if (aad) cipher.setAAD(aad);
  const body = typeof plain === 'string' ? cipher.update(plain, 'utf8') : cipher.update(plain);
  const last = cipher.final();
  return SEALED_PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body, last]).toString('base64');
};

const open = (key: Key, sealed: string, aad?: Buffer): Buffer => {
  if (!sealed.startsWith(SEALED_PREFIX)) throw new Error('not a sealed text');
  const raw = Buffer.from(sealed.slice(SEALED_PREFIX.length), 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
  if (aad) decipher.setAAD(aad);
  decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
};

/** Seals and opens the texts HQ keeps, with the data key. */
export class Vault {
  private readonly dataKey: Key;

  constructor(dataKey: Buffer) {
    this.dataKey = keyOf(dataKey);
  }

  seal(text: string): string {
    return seal(this.dataKey, text);
  }

  open(sealed: string): string {
    return open(this.dataKey, sealed).toString('utf8');
  }

  /** a sealed JSON text, parsed */
  openJson<T = Record<string, unknown>>(sealed: string): T {
    return JSON.parse(this.open(sealed)) as T;
  }
}

export const isSealed = (text: string): boolean => text.startsWith(SEALED_PREFIX);

/** Group or others may read (or write) the file: its mode bits beyond the owner's. */
const opened = (mode: number) => (mode & 0o077) !== 0;
const octal = (mode: number) => `0${(mode & 0o777).toString(8)}`;
/** Windows has no Unix modes (HQ runs on a Linux server; the check would always fail there). */
const modesApply = process.platform !== 'win32';

/** A file HQ writes is its user's alone: readable and writable by the owner only. */
export const ownerOnly = (path: string): void => {
  if (modesApply) chmodSync(path, 0o600);
};

/**
 * The master key from the key file. Missing: made now (random, mode 0600) if the database has no
 * data key yet, else refused — the data cannot be read without it. A key file others may read is
 * refused rather than repaired: it may already have been copied, and the operator must know.
 */
export const loadMasterKey = (path: string, databaseHasKey: boolean): Buffer => {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    stat = undefined;
  }
  if (!stat) {
    if (databaseHasKey) {
      throw new HqKeyError(
        `HQ 无法启动：数据库中的数据已加密，但密钥文件 ${path} 不存在。请从备份恢复该密钥文件（或用 --key-file / HQ_KEY_FILE 指明其位置）。` +
          ` HQ cannot start: the database holds encrypted data but the key file ${path} is missing. Restore the key file from its backup (or give its path with --key-file or HQ_KEY_FILE).`,
      );
    }
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    const key = randomBytes(KEY_BYTES);
    // 'wx': another HQ process starting at the same moment cannot be overwritten; its key is read instead
    let fd: number;
    try {
      fd = openSync(path, 'wx', 0o600);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return loadMasterKey(path, databaseHasKey);
      throw err;
    }
    try {
      writeSync(fd, `${key.toString('hex')}\n`);
    } finally {
      closeSync(fd);
    }
    ownerOnly(path);
    return key;
  }
  if (!stat.isFile()) throw new HqKeyError(`HQ 无法启动：密钥文件 ${path} 不是普通文件。 HQ cannot start: the key file ${path} is not a regular file.`);
  if (modesApply && opened(stat.mode)) {
    throw new HqKeyError(
      `HQ 无法启动：密钥文件 ${path} 可被其他用户读取（权限 ${octal(stat.mode)}）。请执行 chmod 600 ${path}，并考虑该密钥是否已泄露。` +
        ` HQ cannot start: the key file ${path} can be read by other users (mode ${octal(stat.mode)}). Run chmod 600 ${path}, and consider whether the key has leaked.`,
    );
  }
  const text = readFileSync(path, 'utf8').trim();
  if (!/^[0-9a-f]{64}$/i.test(text)) {
    throw new HqKeyError(`HQ 无法启动：密钥文件 ${path} 内容损坏（应为 64 位十六进制）。 HQ cannot start: the key file ${path} is damaged (it must hold 64 hexadecimal digits).`);
  }
  return Buffer.from(text, 'hex');
};

/** A new data key as the database stores it: wrapped by the master key (the key itself is never stored). */
export const wrapNewDataKey = (master: Buffer): string => seal(keyOf(master), randomBytes(KEY_BYTES), WRAP_AAD);

/** The data key out of its wrapping; another master key (a wrong key file) is refused. */
export const unwrapDataKey = (master: Buffer, wrapped: string, path: string): Buffer => {
  try {
    return open(keyOf(master), wrapped, WRAP_AAD);
  } catch {
    throw new HqKeyError(
      `HQ 无法启动：密钥文件 ${path} 与该数据库不匹配（不是加密这些数据的密钥）。请使用该数据库对应的密钥文件。` +
        ` HQ cannot start: the key file ${path} does not belong to this database (it is not the key its data was encrypted with). Use this database's key file.`,
    );
  }
};
