/**
 * Evidence and investigation files of a case, kept in the data directory beside the database
 * (stored, sealed and checked as every kept file is: db/storedFiles.ts), one folder per case.
 */
import type { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { conflict, notFound } from '../../shared/errors.js';
import type { AttachFileInput, FileContent } from '../../shared/mediation/contract.js';
import { readStoredFile, storeFile, type FileStore } from '../db/storedFiles.js';
import type { Who } from '../context.js';
import { fileTable, type FileRow } from './mediation.entity.js';
import { loadCase } from './mediation.service.js';

/** The folder of the data directory that holds the files, one sub-folder per case. */
export const FILES_FOLDER = 'mediation-files';

/** Files may come in until the case is filed away or cancelled. */
const CLOSED = ['archived', 'cancelled'];

/** Stores the file and records it; the file is written before its row (see storeFile). */
export const attachFile = async (manager: EntityManager, who: Who, store: FileStore, input: AttachFileInput): Promise<FileRow> => {
  const row = await loadCase(manager, input.id);
  if (CLOSED.includes(row.status)) throw conflict('mediation.transition', { from: row.status, action: 'attachFile' });
  const id = uuidv7();
  const stored = await storeFile(store, { folder: FILES_FOLDER, ownerId: row.id, id }, input.fileType, input.content);
  const [{ seq }] = await manager.query(`SELECT COALESCE(MAX("seq"), 0) + 1 AS "seq" FROM "mediation_file" WHERE "caseId" = ?`, [row.id]);
  return fileTable.insert(
    manager,
    who,
    {
      caseId: row.id,
      seq,
      kind: input.kind,
      fileName: input.fileName,
      fileType: input.fileType,
      ...stored,
      note: input.note,
      uploadedAt: who.now.toISOString(),
      uploadedById: who.staffId,
    },
    id,
  );
};

const fileOf = async (manager: EntityManager, caseId: string, fileId: string): Promise<FileRow> => {
  const file = await manager.findOneBy(fileTable.entity, { id: fileId, caseId });
  if (!file) throw notFound('mediation.file.notFound');
  return file;
};

/** The bytes as they were recorded; a file missing, or changed since, is an error, never served. */
export const readFileContent = async (manager: EntityManager, store: FileStore, caseId: string, fileId: string): Promise<FileContent> => {
  const file = await fileOf(manager, caseId, fileId);
  const bytes = await readStoredFile(store, file);
  return { id: file.id, fileName: file.fileName, mime: file.mime, size: file.size, sha256: file.sha256, base64: bytes.toString('base64') };
};

/** Withdraws a file attached in error: the row is cancelled with the reason, the bytes kept. */
export const withdrawFile = async (manager: EntityManager, who: Who, caseId: string, fileId: string, reason: string): Promise<void> => {
  const row = await loadCase(manager, caseId);
  if (CLOSED.includes(row.status)) throw conflict('mediation.transition', { from: row.status, action: 'withdrawFile' });
  const file = await fileOf(manager, caseId, fileId);
  if (file.cancelledAt) throw conflict('mediation.file.withdrawn');
  await fileTable.cancel(manager, who, file, null, reason);
};
