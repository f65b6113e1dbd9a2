/**
 * Files kept beside the database (mediation evidence: scans, photos) are encrypted like it:
 * AES-256-GCM under a key derived from the database key, the file's path inside the data
 * directory bound in as associated data (a file moved to another record does not decrypt).
 * Layout: magic, 12-byte nonce, ciphertext, 16-byte tag. The recorded SHA-256 and size stay those
 * of the plain bytes, so the existing check still proves the file is the one recorded.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { open, readdir, readFile, rename } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';

const MAGIC = Buffer.from('SDENC1\u0000\u0000', 'latin1');
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

const aad = (relPath: string) => Buffer.from(relPath.split(sep).join('/'), 'utf8');

export const isEncryptedFile = (bytes: Uint8Array): boolean =>
  bytes.byteLength >= MAGIC.length + NONCE_BYTES + TAG_BYTES && Buffer.from(bytes.buffer, bytes.byteOffset, MAGIC.length).equals(MAGIC);

export const encryptFileBytes = (key: Buffer, relPath: string, plain: Uint8Array): Buffer => {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(aad(relPath));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([MAGIC, nonce, body, cipher.getAuthTag()]);
};

/** The plain bytes; throws when the file was altered, moved or belongs to another key. */
export const decryptFileBytes = (key: Buffer, relPath: string, stored: Uint8Array): Buffer => {
  const b = Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength);
  const nonce = b.subarray(MAGIC.length, MAGIC.length + NONCE_BYTES);
  const tag = b.subarray(b.length - TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, nonce);
  decipher.setAAD(aad(relPath));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(b.subarray(MAGIC.length + NONCE_BYTES, b.length - TAG_BYTES)), decipher.final()]);
};

/**
 * The bytes of a stored file as they were recorded: decrypted, or as they are for a file stored
 * before encryption (until it is converted) and when the station runs unencrypted.
 */
export const openStoredBytes = (key: Buffer | null, relPath: string, stored: Buffer): Buffer =>
  key && isEncryptedFile(stored) ? decryptFileBytes(key, relPath, stored) : stored;

/** What is written for plain bytes: encrypted whenever the station has a key. */
export const sealStoredBytes = (key: Buffer | null, relPath: string, plain: Uint8Array): Uint8Array =>
  key ? encryptFileBytes(key, relPath, plain) : plain;

/** Replaces a file's content so that a crash leaves the old or the new, whole: temp, fsync, rename, fsync the folder. */
export const replaceDurably = async (path: string, bytes: Uint8Array): Promise<void> => {
  const temp = `${path}.part`;
  const file = await open(temp, 'w');
  try {
    await file.writeFile(bytes);
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(temp, path);
  if (process.platform !== 'win32') {
    const dir = await open(dirname(path), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  }
};

const walk = async (folder: string): Promise<string[]> => {
  let entries;
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch {
    return [];
  }
  const files: string[] = [];
  for (const e of entries) {
    const path = join(folder, e.name);
    if (e.isDirectory()) files.push(...(await walk(path)));
    else if (e.isFile() && !e.name.endsWith('.part')) files.push(path);
  }
  return files;
};

/**
 * Encrypts the files an earlier version stored in plain, each replaced durably (a temp file,
 * fsync, rename): a crash leaves every file whole, either plain or encrypted, and the next
 * start goes on with the rest. Returns how many were converted.
 */
export const encryptPlainFiles = async (dataDir: string, folder: string, key: Buffer): Promise<number> => {
  let converted = 0;
  for (const path of await walk(join(dataDir, folder))) {
    const bytes = await readFile(path);
    if (isEncryptedFile(bytes)) continue;
    await replaceDurably(path, encryptFileBytes(key, relative(dataDir, path), bytes));
    converted += 1;
  }
  return converted;
};
