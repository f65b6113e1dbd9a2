/**
 * Evidence and investigation files of a case, kept in the data directory beside the database.
 * The bytes were checked by the contract (size, type by content, name); here they are written
 * under a path the core makes — the uploaded name is never part of it — and fsynced before the
 * row that points at them commits, with their SHA-256, which is checked again whenever the file
 * is opened. On disk they are encrypted with the station's file key (db/fileCipher.ts); the
 * recorded size and SHA-256 are those of the plain bytes.
 */
import { createHash } from 'node:crypto';
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { AppError, conflict, notFound } from '../../shared/errors.js';
import type { AttachFileInput, FileContent } from '../../shared/mediation/contract.js';
import { FILE_TYPES } from '../../shared/mediation/files.js';
import { newRowBase, touch } from '../db/baseColumns.js';
import { openStoredBytes, sealStoredBytes } from '../db/fileCipher.js';
import type { Actor } from '../intake/intake.service.js';
import { FileEntity, type FileRow } from './mediation.entity.js';
import { loadCase } from './mediation.service.js';

/** The folder of the data directory that holds the files, one sub-folder per case. */
export const FILES_FOLDER = 'mediation-files';

/** Files may come in until the case is filed away or cancelled. */
const CLOSED = ['archived', 'cancelled'];

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Writes all of `bytes` to `path` and makes it durable: temp file, fsync, rename, fsync the folder. */
const writeDurably = async (folder: string, name: string, bytes: Uint8Array) => {
  await mkdir(folder, { recursive: true });
  const temp = join(folder, `${name}.part`);
  const file = await open(temp, 'wx');
  try {
    await file.writeFile(bytes);
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(temp, join(folder, name));
  // the rename is only durable once the folder's entry is; Windows cannot open a folder for this
  if (process.platform !== 'win32') {
    const dir = await open(folder, 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  }
};

/**
 * Stores the file and records it. Should the transaction roll back after the write, the file
 * stays on disk with no row pointing at it: an orphan is harmless, a row without its file is not.
 */
export const attachFile = async (
  manager: EntityManager,
  who: Actor,
  store: { dataDir: string; fileKey: Buffer | null },
  input: AttachFileInput,
): Promise<FileRow> => {
  const row = await loadCase(manager, input.id);
  if (CLOSED.includes(row.status)) throw conflict('mediation.transition', { from: row.status, action: 'attachFile' });
  const id = uuidv7();
  const type = FILE_TYPES[input.fileType];
  // the stored name is the row's id and the extension of the type found in the bytes
  const storedName = `${id}.${type.extensions[0]}`;
  const storedPath = `${FILES_FOLDER}/${row.id}/${storedName}`;
  await writeDurably(join(store.dataDir, FILES_FOLDER, row.id), storedName, sealStoredBytes(store.fileKey, storedPath, input.content));
  const [{ seq }] = await manager.query(`SELECT COALESCE(MAX("seq"), 0) + 1 AS "seq" FROM "mediation_file" WHERE "caseId" = ?`, [row.id]);
  const file: FileRow = {
    ...newRowBase(id, who.stationId, who.staffId, who.now),
    caseId: row.id,
    seq,
    kind: input.kind,
    fileName: input.fileName,
    fileType: input.fileType,
    mime: type.mime,
    size: input.content.byteLength,
    sha256: sha256(input.content),
    storedPath,
    note: input.note,
    uploadedAt: who.now.toISOString(),
    uploadedById: who.staffId,
  };
  await manager.insert(FileEntity, file);
  return file;
};

const fileOf = async (manager: EntityManager, caseId: string, fileId: string): Promise<FileRow> => {
  const file = await manager.findOneBy(FileEntity, { id: fileId, caseId });
  if (!file) throw notFound('mediation.file.notFound');
  return file;
};

/** The bytes as they were recorded; a file missing, or changed since, is an error, never served. */
export const readFileContent = async (
  manager: EntityManager,
  store: { dataDir: string; fileKey: Buffer | null },
  caseId: string,
  fileId: string,
): Promise<FileContent> => {
  const file = await fileOf(manager, caseId, fileId);
  let bytes: Buffer;
  try {
    bytes = await readFile(join(store.dataDir, file.storedPath));
  } catch {
    throw new AppError({ code: 'NOT_FOUND', key: 'mediation.file.missing', params: { name: file.fileName } });
  }
  try {
    bytes = openStoredBytes(store.fileKey, file.storedPath, bytes);
  } catch {
    // altered, moved, or sealed with another key: as good as corrupt
    throw conflict('mediation.file.corrupt', { name: file.fileName });
  }
  if (bytes.byteLength !== file.size || sha256(bytes) !== file.sha256) {
    throw conflict('mediation.file.corrupt', { name: file.fileName });
  }
  return { id: file.id, fileName: file.fileName, mime: file.mime, size: file.size, sha256: file.sha256, base64: bytes.toString('base64') };
};

/** Withdraws a file attached in error: the row is cancelled with the reason, the bytes kept. */
export const withdrawFile = async (manager: EntityManager, who: Actor, caseId: string, fileId: string, reason: string): Promise<void> => {
  const row = await loadCase(manager, caseId);
  if (CLOSED.includes(row.status)) throw conflict('mediation.transition', { from: row.status, action: 'withdrawFile' });
  const file = await fileOf(manager, caseId, fileId);
  if (file.cancelledAt) throw conflict('mediation.file.withdrawn');
  await manager.update(FileEntity, { id: file.id }, { cancelledAt: who.now.toISOString(), cancelReason: reason, ...touch(file, who.staffId, who.now) });
};
