/**
 * The station head's recovery key: the one thing, printed on paper, that opens this station's
 * backups on another PC, where the OS that sealed the database key is not there to unseal it.
 *
 * The recovery key is 140 random bits written as 28 characters of Crockford base32 plus 4 more of
 * checksum, in groups of four (`7K2D-…`). The checksum tells a mistyped key (a character read
 * wrong off the sheet) from a key that is well formed but wrong (an old or another station's).
 * The key itself is never stored in plain: what is stored is the database key wrapped
 * (AES-256-GCM) under a key scrypt derives from the recovery key — in the data directory and in
 * every backup's manifest. So that the head can print the sheet again, the data directory's copy
 * also keeps the recovery key sealed under a key derived from the database key: whoever can open
 * that already holds the database key, which is all the recovery key could give them.
 */
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes, scrypt as scryptCb } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { KEY_BYTES, keyIdOf, replaceSecretFile } from '../db/key.js';

const scrypt = promisify(scryptCb) as (secret: string, salt: Buffer, keylen: number, options: { N: number; r: number; p: number; maxmem: number }) => Promise<Buffer>;

/** The data directory's recovery record (mode 0600). */
export const RECOVERY_FILE = 'station.recovery.json';

/** Crockford's base32: no I, L, O or U, so nothing on the sheet reads as two different characters. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const BODY_CHARS = 28;
const CHECK_CHARS = 4;
const GROUP = 4;
const SCRYPT = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

const checksum = (body: string): string => {
  const digest = createHash('sha256').update(`station-desk recovery key v1:${body}`).digest();
  // the first 20 bits of the digest, as four characters
  const bits = (digest[0] << 12) | (digest[1] << 4) | (digest[2] >> 4);
  let out = '';
  for (let i = CHECK_CHARS - 1; i >= 0; i--) out += ALPHABET[(bits >> (i * 5)) & 31];
  return out;
};

const grouped = (chars: string): string => chars.match(new RegExp(`.{1,${GROUP}}`, 'g'))!.join('-');

/** A recovery key as printed, from its characters. */
export const formatRecoveryKey = (body: string): string => grouped(body + checksum(body));

/** A new recovery key, as printed: eight groups of four characters. */
export const makeRecoveryKey = (): string => {
  let body = '';
  // 256 is a multiple of 32: every character is equally likely
  for (const b of randomBytes(BODY_CHARS)) body += ALPHABET[b & 31];
  return formatRecoveryKey(body);
};

export type RecoveryKeyProblem = 'malformed' | 'mistyped';

/**
 * Reads a recovery key as a person types it: any case, with or without the dashes and spaces, and
 * the letters O, I and L taken for the digits they look like. Gives the key's characters, or what
 * is wrong with it before anything is tried.
 */
export const parseRecoveryKey = (typed: string): { body: string } | { problem: RecoveryKeyProblem } => {
  const chars = typed
    .toUpperCase()
    .replace(/[\s\-_.]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (chars.length !== BODY_CHARS + CHECK_CHARS || [...chars].some((c) => !ALPHABET.includes(c))) return { problem: 'malformed' };
  const body = chars.slice(0, BODY_CHARS);
  if (checksum(body) !== chars.slice(BODY_CHARS)) return { problem: 'mistyped' };
  return { body };
};

/** The database key wrapped under the recovery key: what a backup carries so it opens elsewhere. */
export interface RecoveryRecord {
  format: 1;
  /** the public name of the database key it wraps (keyIdOf) */
  keyId: string;
  createdAt: string;
  salt: string;
  iv: string;
  tag: string;
  wrapped: string;
}

/** The data directory's record: the wrapped key, and the recovery key sealed for printing it again. */
export interface StoredRecovery extends RecoveryRecord {
  sheet: { iv: string; tag: string; sealed: string };
}

const seal = (key: Buffer, plain: Buffer, aad: string) => {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, iv);
  c.setAAD(Buffer.from(aad));
  const sealed = Buffer.concat([c.update(plain), c.final()]);
  return { iv: iv.toString('base64'), tag: c.getAuthTag().toString('base64'), sealed: sealed.toString('base64') };
};

/** The plain bytes, or null when the key is not the one they were sealed with. */
const open = (key: Buffer, box: { iv: string; tag: string; sealed: string }, aad: string): Buffer | null => {
  try {
    const d = createDecipheriv('aes-256-gcm', key, Buffer.from(box.iv, 'base64'));
    d.setAAD(Buffer.from(aad));
    d.setAuthTag(Buffer.from(box.tag, 'base64'));
    return Buffer.concat([d.update(Buffer.from(box.sealed, 'base64')), d.final()]);
  } catch {
    return null;
  }
};

const wrappingKey = (body: string, salt: Buffer) => scrypt(body, salt, KEY_BYTES, SCRYPT);
const sheetKey = (databaseKey: Buffer) => Buffer.from(hkdfSync('sha256', databaseKey, Buffer.alloc(0), 'station-desk recovery sheet v1', KEY_BYTES));

/** Wraps the database key under a recovery key (given as typed or printed). */
export const wrapDatabaseKey = async (databaseKey: Buffer, recoveryKey: string, createdAt: Date): Promise<StoredRecovery> => {
  const parsed = parseRecoveryKey(recoveryKey);
  if (!('body' in parsed)) throw new Error('not a recovery key');
  const salt = randomBytes(16);
  const keyId = keyIdOf(databaseKey);
  const box = seal(await wrappingKey(parsed.body, salt), databaseKey, keyId);
  return {
    format: 1,
    keyId,
    createdAt: createdAt.toISOString(),
    salt: salt.toString('base64'),
    iv: box.iv,
    tag: box.tag,
    wrapped: box.sealed,
    sheet: seal(sheetKey(databaseKey), Buffer.from(recoveryKey), keyId),
  };
};

/** The database key a record wraps, or null when the recovery key is not the one it was wrapped with. */
export const unwrapDatabaseKey = async (record: RecoveryRecord, body: string): Promise<Buffer | null> => {
  const key = open(await wrappingKey(body, Buffer.from(record.salt, 'base64')), { iv: record.iv, tag: record.tag, sealed: record.wrapped }, record.keyId);
  // a record whose name does not match what it holds is not trusted
  return key && key.length === KEY_BYTES && keyIdOf(key) === record.keyId ? key : null;
};

/** The recovery key as printed, from the data directory's record and the database key. */
export const revealRecoveryKey = (record: StoredRecovery, databaseKey: Buffer): string | null =>
  open(sheetKey(databaseKey), record.sheet, record.keyId)?.toString() ?? null;

/** Only what a backup carries: the wrapped database key, not the sealed copy for printing. */
export const backupRecord = ({ format, keyId, createdAt, salt, iv, tag, wrapped }: RecoveryRecord): RecoveryRecord => ({
  format,
  keyId,
  createdAt,
  salt,
  iv,
  tag,
  wrapped,
});

const isRecord = (v: unknown): v is RecoveryRecord => {
  const r = v as Partial<RecoveryRecord> | null;
  return (
    typeof r === 'object' &&
    r !== null &&
    r.format === 1 &&
    [r.keyId, r.createdAt, r.salt, r.iv, r.tag, r.wrapped].every((s) => typeof s === 'string')
  );
};

/** A recovery record read from a manifest (anything else there is ignored). */
export const asRecoveryRecord = (v: unknown): RecoveryRecord | null => (isRecord(v) ? backupRecord(v) : null);

export const readStoredRecovery = (dataDir: string): StoredRecovery | null => {
  const path = join(dataDir, RECOVERY_FILE);
  if (!existsSync(path)) return null;
  try {
    const v = JSON.parse(readFileSync(path, 'utf8')) as StoredRecovery;
    return isRecord(v) && typeof v.sheet === 'object' && v.sheet !== null ? v : null;
  } catch {
    return null;
  }
};

export const writeStoredRecovery = (dataDir: string, record: StoredRecovery): void =>
  replaceSecretFile(join(dataDir, RECOVERY_FILE), JSON.stringify(record));
