/**
 * Files kept in the data directory beside the database (a mediation case's evidence, the photo a
 * task was done with). The bytes were checked by the contract (size, type by content, name); here
 * they are written under a path the core makes — the uploaded name is never part of it — and
 * fsynced before the row that points at them commits, with their SHA-256, which is checked again
 * whenever the file is opened. On disk they are encrypted with the station's file key
 * (fileCipher.ts); the recorded size and SHA-256 are those of the plain bytes. Each zone keeps its
 * own rows and its own folder; how a file is stored and read back is this, once.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError, conflict } from '../../shared/errors.js';
import { FILE_TYPES, type FileTypeName } from '../../shared/files.js';
import { openStoredBytes, replaceDurably, sealStoredBytes } from './fileCipher.js';

/** Where the files go and the key they are sealed with (null: the station runs unencrypted). */
export interface FileStore {
  dataDir: string;
  fileKey: Buffer | null;
}

/** What the row that points at a stored file records of it. */
export interface StoredFile {
  /** inside the data directory, with forward slashes */
  storedPath: string;
  mime: string;
  size: number;
  sha256: string;
}

export const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Writes all of `bytes` as `folder/name`, durable before the row that points at it commits. */
const writeDurably = async (folder: string, name: string, bytes: Uint8Array) => {
  await mkdir(folder, { recursive: true });
  await replaceDurably(join(folder, name), bytes);
};

/**
 * Stores a file as `<folder>/<ownerId>/<id>.<extension of its type>`, sealed and durable, before
 * the caller records it. Should the caller's transaction roll back after the write, the file stays
 * on disk with no row pointing at it: an orphan is harmless, a row without its file is not.
 */
export const storeFile = async (
  store: FileStore,
  place: { folder: string; ownerId: string; id: string },
  fileType: FileTypeName,
  content: Uint8Array,
): Promise<StoredFile> => {
  const type = FILE_TYPES[fileType];
  const storedName = `${place.id}.${type.extensions[0]}`;
  const storedPath = `${place.folder}/${place.ownerId}/${storedName}`;
  await writeDurably(join(store.dataDir, place.folder, place.ownerId), storedName, sealStoredBytes(store.fileKey, storedPath, content));
  return { storedPath, mime: type.mime, size: content.byteLength, sha256: sha256(content) };
};

/** The bytes as they were recorded; a file missing, or changed since, is an error, never served. */
export const readStoredFile = async (store: FileStore, file: StoredFile & { fileName: string }): Promise<Buffer> => {
  let bytes: Buffer;
  try {
    bytes = await readFile(join(store.dataDir, file.storedPath));
  } catch {
    throw new AppError({ code: 'NOT_FOUND', key: 'file.missing', params: { name: file.fileName } });
  }
  try {
    bytes = openStoredBytes(store.fileKey, file.storedPath, bytes);
  } catch {
    // altered, moved, or sealed with another key: as good as corrupt
    throw conflict('file.corrupt', { name: file.fileName });
  }
  if (bytes.byteLength !== file.size || sha256(bytes) !== file.sha256) throw conflict('file.corrupt', { name: file.fileName });
  return bytes;
};
