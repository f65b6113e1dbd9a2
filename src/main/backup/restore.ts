/**
 * Opening and restoring a backup: the key it opens with (this PC's, or the one its manifest holds
 * under the head's recovery key, with wrong keys limited), what it holds, and putting it in the
 * database's place so that a crash at any point leaves a whole database.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RecoveryRefusal } from '../../shared/audit/details.js';
import { AppError } from '../../shared/errors.js';
import type { BackupPreview, RestoreResult } from '../../shared/backup/contract.js';
import { closeRaw, fsyncFile, fsyncFolder, integrity, openRaw, tableCounts, verifyCopy } from '../db/cipherFile.js';
import { DatabaseKeyError, keyIdOf } from '../db/key.js';
import { removeCaseFiles, replayPurges, retentionRecord } from '../retention/retention.service.js';
import type { BackupHost } from './backup.service.js';
import { filesInBackup, restoreFiles } from './files.js';
import { manifestPaths, stampOf, writeJsonDurably, type FoundBackup } from './folder.js';
import { backupRecord, formatRecoveryKey, parseRecoveryKey, readStoredRecovery, unwrapDatabaseKey, wrapDatabaseKey, writeStoredRecovery } from './recovery.js';
import { putBackSettings, readSettings } from './settings.js';

/** Wrong recovery keys allowed within the window before tries are refused for the rest of it. */
export const RECOVERY_TRIES = 5;
export const RECOVERY_WINDOW_MS = 15 * 60_000;

/** A recovery key refused: counted and audited by the handler before the caller hears of it. */
export class RecoveryRefused extends Error {
  constructor(
    readonly key: RecoveryRefusal,
    readonly params?: Record<string, string | number>,
  ) {
    super(key);
  }

  toAppError(): AppError {
    const key = `backup.${this.key}` as const;
    const code = this.key === 'recoveryKeyLimited' || this.key === 'notRecoverable' ? 'CONFLICT' : 'VALIDATION';
    return new AppError({ code, key, field: 'recoveryKey', params: this.params, fields: [{ field: 'recoveryKey', key, params: this.params }] });
  }
}

/** The key a backup opens with, and whether it came from the recovery key (another PC's key). */
export interface BackupKey {
  key: Buffer | null;
  recovered: boolean;
  /** the recovery key as printed, when it was given and opened the backup */
  recoveryKey?: string;
}

/** The keys backups open with, and the wrong recovery keys given within the last window. */
export class BackupKeys {
  /** when wrong recovery keys were given, within the last window */
  private wrong: number[] = [];

  constructor(private readonly host: Pick<BackupHost, 'databaseKey' | 'clock'>) {}

  /**
   * The key a backup opens with: this PC's, or — for a backup made under another key — the one
   * its manifest holds wrapped under the recovery key the head typed. Wrong keys are limited to
   * RECOVERY_TRIES per RECOVERY_WINDOW_MS; a mistyped one (its checksum fails) is told apart and
   * not counted, since anyone can make a key that passes the checksum and it tells nothing.
   */
  async keyFor(found: FoundBackup, recoveryKey: string | undefined): Promise<BackupKey> {
    if (found.entry.sealedHere) return { key: this.host.databaseKey, recovered: false };
    if (!found.recovery || found.recovery.keyId !== found.keyId) throw new RecoveryRefused('notRecoverable');
    if (recoveryKey === undefined) throw new RecoveryRefused('recoveryKeyNeeded');
    const now = this.host.clock().getTime();
    this.wrong = this.wrong.filter((t) => now - t < RECOVERY_WINDOW_MS);
    if (this.wrong.length >= RECOVERY_TRIES) {
      const minutes = Math.ceil((this.wrong[0] + RECOVERY_WINDOW_MS - now) / 60_000);
      throw new RecoveryRefused('recoveryKeyLimited', { minutes });
    }
    const parsed = parseRecoveryKey(recoveryKey);
    if ('problem' in parsed) throw new RecoveryRefused(parsed.problem === 'malformed' ? 'recoveryKeyMalformed' : 'recoveryKeyMistyped');
    const key = await unwrapDatabaseKey(found.recovery, parsed.body);
    if (!key) {
      this.wrong.push(now);
      throw new RecoveryRefused('recoveryKeyWrong');
    }
    return { key, recovered: true, recoveryKey: formatRecoveryKey(parsed.body) };
  }
}

/** What a backup holds, read from the file itself with its key (and checked whole). */
export const previewBackup = async (folder: string, found: FoundBackup, key: Buffer | null): Promise<BackupPreview> => {
  const { entry } = found;
  const db = await openRaw(join(folder, entry.file), key, { readOnly: true }).catch((err: unknown) => {
    throw new AppError({ code: 'CONFLICT', key: 'backup.unreadable', params: { reason: (err as Error).message } });
  });
  try {
    const filesFound = await filesInBackup(folder, await manifestPaths(folder, entry.file));
    return { ...entry, integrity: await integrity(db), found: await tableCounts(db), filesFound };
  } finally {
    await closeRaw(db);
  }
};

/**
 * Puts a verified backup in the database's place, inside the router's queue (no call in flight;
 * `replaceDatabase` closes and reopens the core around the swap).
 * Order, so that a crash at any point leaves a whole database: the backup is copied next to the
 * database and checked; a journal names both files; the current database moves aside (kept,
 * never deleted here); the copy takes its name; the journal goes. `recoverRestore` finishes or
 * undoes a restore a crash interrupted. Afterwards sync is told where the restored outbox ended.
 */
export const restoreBackup = async (
  host: BackupHost,
  folder: string,
  found: FoundBackup,
  backupKey: BackupKey,
  replaceDatabase: (swap: () => Promise<void>) => Promise<void>,
): Promise<RestoreResult & { keyRecovered: boolean }> => {
  const { entry } = found;
  const file = entry.file;
  const staging = `${host.databaseFile}.restoring`;
  rmSync(staging, { force: true });
  await copyFile(join(folder, file), staging);
  await fsyncFile(staging);
  const check = await verifyCopy(staging, backupKey.key, entry.counts);
  if (!check.ok) {
    rmSync(staging, { force: true });
    throw new AppError({ code: 'CONFLICT', key: 'backup.unreadable', params: { reason: check.reason } });
  }
  // what the current database knows and the restored one must not forget
  const [seqRow] = await host.dataSource.query(`SELECT "seq" FROM "sqlite_sequence" WHERE "name" = 'sync_outbox'`);
  const currentSeq = Number(seqRow?.seq ?? 0);
  const settings = await readSettings(host.dataSource);
  const retention = await retentionRecord(host.dataSource);
  const asideFolder = join(host.dataDir, ASIDE_FOLDER);
  const aside = join(asideFolder, `station-before-restore-${stampOf(host.clock())}.sqlite`);
  mkdirSync(asideFolder, { recursive: true });
  const previousKey = host.databaseKey;
  const adopted = backupKey.recovered && backupKey.key ? backupKey.key : null;
  const previousRecovery = readStoredRecovery(host.dataDir);
  await replaceDatabase(async () => {
    // with another PC's key, the journal names it: a start that finds the key already kept
    // finishes the swap, since the database must follow the key (recoverRestore)
    writeFileSync(journalOf(host.dataDir), JSON.stringify({ staging, aside, ...(adopted ? { keyId: keyIdOf(adopted) } : {}) }));
    await fsyncFile(journalOf(host.dataDir));
    if (adopted) {
      try {
        await host.adoptKey(adopted);
      } catch (err) {
        rmSync(journalOf(host.dataDir), { force: true });
        rmSync(staging, { force: true });
        // a key that follows from a start-up passphrase cannot be replaced
        if (err instanceof DatabaseKeyError && err.reason === 'keyFixed') throw new AppError({ code: 'CONFLICT', key: 'backup.keyFixed' });
        throw err;
      }
      // the database kept aside stays under its own key: its recovery record goes with it
      if (previousRecovery) await writeJsonDurably(`${aside}.recovery.json`, backupRecord(previousRecovery));
    }
    try {
      renameSync(host.databaseFile, aside);
    } catch (err) {
      // nothing moved: the key the database is still under is kept again
      if (adopted && previousKey) await host.adoptKey(previousKey);
      rmSync(journalOf(host.dataDir), { force: true });
      throw err;
    }
    rmSync(`${host.databaseFile}-wal`, { force: true });
    rmSync(`${host.databaseFile}-shm`, { force: true });
    renameSync(staging, host.databaseFile);
    await fsyncFolder(host.dataDir);
    rmSync(journalOf(host.dataDir), { force: true });
  });
  if (adopted && backupKey.recoveryKey) {
    // the head's printed sheet stays valid on this PC: the same recovery key, this key wrapped under it
    const record = await wrapDatabaseKey(adopted, backupKey.recoveryKey, new Date(found.recovery!.createdAt));
    writeStoredRecovery(host.dataDir, record);
  }
  const replay = await host.dataSource.transaction(async (m) => {
    const [restored] = await m.query(`SELECT "seq" FROM "sqlite_sequence" WHERE "name" = 'sync_outbox'`);
    const restoredSeq = Math.max(Number(restored?.seq ?? 0), currentSeq);
    // numbers the current database had handed out are not handed out again
    if (restored) await m.query(`UPDATE "sqlite_sequence" SET "seq" = ? WHERE "name" = 'sync_outbox'`, [restoredSeq]);
    else await m.query(`INSERT INTO "sqlite_sequence" ("name", "seq") VALUES ('sync_outbox', ?)`, [restoredSeq]);
    await m.query(`UPDATE "sync_state" SET "restoredSeq" = ? WHERE "id" = 1`, [restoredSeq]);
    // the backup settings belong to this computer, not to the moment of the backup
    await putBackSettings(m, settings);
    // a record purged since the backup was taken stays purged
    const [station] = await m.query(`SELECT "timeZone" FROM "station" LIMIT 1`);
    return replayPurges(m, retention, station?.timeZone ?? 'Asia/Shanghai', host.clock());
  });
  // the files the restored rows point at, from the backup folder; then those purged since go again
  await restoreFiles(folder, host.dataDir, await manifestPaths(folder, file));
  await removeCaseFiles(host.dataDir, replay.caseIds);
  host.logger.warn({ file, aside, purgesReplayed: replay.replayed, keyRecovered: backupKey.recovered }, 'database restored from a backup');
  return { restoredFrom: file, takenAt: entry.takenAt, keptAside: aside, purgesReplayed: replay.replayed, keyRecovered: backupKey.recovered };
};

/** Where a restore keeps the database it replaced. */
export const ASIDE_FOLDER = 'before-restore';
const journalOf = (dataDir: string) => join(dataDir, 'restore-journal.json');

/**
 * Finishes a restore a crash interrupted, before the database opens: with the journal present,
 * either the current database was not moved yet (the staged copy is dropped), or it was (the
 * staged copy, already verified, takes its place; failing that the moved database comes back).
 * A restore that brought another PC's key goes forward once that key is the one kept
 * (`keptKeyId`): the old database would not open under it.
 */
export const recoverRestore = (dataDir: string, databaseFile: string, keptKeyId: string | null = null): void => {
  const journal = journalOf(dataDir);
  if (!existsSync(journal)) {
    rmSync(`${databaseFile}.restoring`, { force: true });
    return;
  }
  let plan: { staging: string; aside: string; keyId?: string } | undefined;
  try {
    plan = JSON.parse(readFileSync(journal, 'utf8'));
  } catch {
    plan = undefined;
  }
  if (plan?.keyId && plan.keyId === keptKeyId && existsSync(databaseFile) && existsSync(plan.staging)) {
    // another PC's key was kept before the swap: the database under it takes its place
    renameSync(databaseFile, plan.aside);
    rmSync(`${databaseFile}-wal`, { force: true });
    rmSync(`${databaseFile}-shm`, { force: true });
    renameSync(plan.staging, databaseFile);
  } else if (plan && !existsSync(databaseFile)) {
    if (existsSync(plan.staging)) renameSync(plan.staging, databaseFile);
    else if (existsSync(plan.aside)) renameSync(plan.aside, databaseFile);
  }
  if (plan) rmSync(plan.staging, { force: true });
  rmSync(journal, { force: true });
};

