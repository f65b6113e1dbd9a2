/**
 * Backups of the station database to a folder the station head chooses (a USB disk, a network
 * share). A backup is an encrypted copy under the database's own key, made on a connection of
 * its own inside one read transaction (sqlcipher_export): the copy is one consistent moment, and
 * in WAL mode the desk goes on writing meanwhile. Each copy is verified before it counts — it
 * opens with the key, passes integrity_check and holds the rows the source held at that moment —
 * and only then gets its final name and its manifest (the counts, in plain JSON: no personal data).
 */
import { existsSync, renameSync, rmSync, statSync, writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import { access, copyFile, mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { constants } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { AppError } from '../../shared/errors.js';
import {
  BACKUP_FILE_NAME,
  BACKUP_KEEP,
  BACKUP_STALE_HOURS,
  type BackupEntry,
  type BackupPreview,
  type BackupStatus,
  type RestoreResult,
} from '../../shared/backup/contract.js';
import { closeRaw, exportTo, fsyncFile, fsyncFolder, integrity, openRaw, tableCounts, verifyCopy } from '../db/cipherFile.js';
import { removeCaseFiles, replayPurges, retentionRecord } from '../retention/retention.service.js';
import { backUpFiles, filesInBackup, pruneFiles, restoreFiles, storedPaths } from './files.js';

export interface BackupSettingsRow {
  folder: string | null;
  enabled: number;
  intervalHours: number;
  lastBackupAt: string | null;
  lastBackupFile: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
}

export const readSettings = async (db: { query: DataSource['query'] }): Promise<BackupSettingsRow> =>
  (await db.query(`SELECT * FROM "backup_settings" WHERE "id" = 1`))[0];

/** A failure with a key the screen puts in words (backup.error.<key>). */
export class BackupFailure extends Error {
  constructor(
    readonly key: 'noFolder' | 'folderUnwritable' | 'verifyFailed' | 'copyFailed',
    readonly detail?: string,
  ) {
    super(detail ? `${key}: ${detail}` : key);
  }
}

const manifestOf = (file: string) => file.replace(/\.sqlite$/, '.json');
const stampOf = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');

/** The stored files a backup's rows point at, as its manifest lists them (none before files were backed up). */
const manifestPaths = async (folder: string, file: string): Promise<string[]> => {
  try {
    const { paths } = JSON.parse(await readFile(join(folder, manifestOf(file)), 'utf8')) as { paths?: unknown };
    return Array.isArray(paths) ? paths.filter((p): p is string => typeof p === 'string') : [];
  } catch {
    return [];
  }
};

/** The backups in a folder with a readable manifest, newest first, each with its stored files' paths. */
const readBackups = async (folder: string): Promise<{ entry: BackupEntry; paths: string[] }[]> => {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return [];
  }
  const found: { entry: BackupEntry; paths: string[] }[] = [];
  for (const name of names) {
    if (!BACKUP_FILE_NAME.test(name)) continue;
    try {
      const { paths, ...manifest } = JSON.parse(await readFile(join(folder, manifestOf(name)), 'utf8')) as BackupEntry & { paths?: unknown };
      const { size } = await stat(join(folder, name));
      found.push({ entry: { ...manifest, file: name, bytes: size }, paths: Array.isArray(paths) ? paths.filter((p): p is string => typeof p === 'string') : [] });
    } catch {
      // a copy without its manifest never verified (a crash while writing it): not offered
    }
  }
  return found.sort((a, b) => b.entry.takenAt.localeCompare(a.entry.takenAt));
};

/** The backups in a folder with a readable manifest, newest first. */
export const listBackups = async (folder: string): Promise<BackupEntry[]> => (await readBackups(folder)).map((b) => b.entry);

/** The ISO week a date is in, as "2026-W48" (weeks start on Monday). */
const isoWeek = (d: Date): string => {
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const day = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - day);
  const yearStart = Date.UTC(t.getUTCFullYear(), 0, 1);
  return `${t.getUTCFullYear()}-W${Math.ceil(((t.getTime() - yearStart) / 86400000 + 1) / 7)}`;
};

/**
 * Which backups rotation keeps: the newest of each of the last 7 days that have one, of the last
 * 4 weeks and of the last 12 months (in the station's local calendar, given as an offset).
 */
export const toKeep = (entries: readonly BackupEntry[], offsetMinutes = 480): Set<string> => {
  const keep = new Set<string>();
  const newestFirst = [...entries].sort((a, b) => b.takenAt.localeCompare(a.takenAt));
  const rule = (limit: number, key: (d: Date) => string) => {
    const seen = new Set<string>();
    for (const e of newestFirst) {
      const local = new Date(Date.parse(e.takenAt) + offsetMinutes * 60_000);
      const k = key(local);
      if (seen.has(k)) continue;
      if (seen.size >= limit) break;
      seen.add(k);
      keep.add(e.file);
    }
  };
  rule(BACKUP_KEEP.daily, (d) => d.toISOString().slice(0, 10));
  rule(BACKUP_KEEP.weekly, isoWeek);
  rule(BACKUP_KEEP.monthly, (d) => d.toISOString().slice(0, 7));
  return keep;
};

export interface BackupHost {
  dataDir: string;
  databaseFile: string;
  databaseKey: Buffer | null;
  dataSource: DataSource;
  exclusive<T>(task: () => Promise<T>): Promise<T>;
  clock(): Date;
  logger: Logger;
}

const CHECK_EVERY_MS = 5 * 60_000;

export class BackupService {
  private running: Promise<BackupEntry> | undefined;
  private restoring = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly host: BackupHost) {}

  isRunning(): boolean {
    return this.running !== undefined;
  }

  /** Checks every few minutes whether a scheduled backup is due (and once soon after start). */
  start(firstCheckMs = 60_000): void {
    const check = () => void this.runIfDue().catch(() => undefined);
    this.timer = setTimeout(() => {
      check();
      this.timer = setInterval(check, CHECK_EVERY_MS);
      this.timer.unref();
    }, firstCheckMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  async runIfDue(): Promise<BackupEntry | undefined> {
    const s = await this.host.exclusive(() => readSettings(this.host.dataSource));
    if (!s.enabled || !s.folder || this.running) return undefined;
    const age = s.lastBackupAt ? this.host.clock().getTime() - Date.parse(s.lastBackupAt) : Infinity;
    if (age < s.intervalHours * 3600_000) return undefined;
    return this.run('scheduled');
  }

  /** Runs one backup (or joins the one running): copy, verify, name, rotate. */
  run(kind: BackupEntry['kind']): Promise<BackupEntry> {
    if (this.restoring) return Promise.reject(new AppError({ code: 'CONFLICT', key: 'backup.restoring' }));
    if (!this.running) {
      this.running = this.runOnce(kind).finally(() => {
        this.running = undefined;
      });
      // a background run's failure is recorded in the settings row; nobody else awaits it
      this.running.catch(() => undefined);
    }
    return this.running;
  }

  private async runOnce(kind: BackupEntry['kind']): Promise<BackupEntry> {
    const { host } = this;
    const s = await host.exclusive(() => readSettings(host.dataSource));
    try {
      if (!s.folder) throw new BackupFailure('noFolder');
      const folder = s.folder;
      try {
        await mkdir(folder, { recursive: true });
        await access(folder, constants.W_OK);
      } catch (err) {
        throw new BackupFailure('folderUnwritable', (err as Error).message);
      }
      const takenAt = host.clock();
      const name = `station-backup-${stampOf(takenAt)}.sqlite`;
      const partial = join(folder, `${name}.partial`);
      rmSync(partial, { force: true });
      let counts: Record<string, number>;
      const source = await openRaw(host.databaseFile, host.databaseKey);
      try {
        counts = await exportTo(source, partial, host.databaseKey);
      } catch (err) {
        rmSync(partial, { force: true });
        throw new BackupFailure('copyFailed', (err as Error).message);
      } finally {
        await closeRaw(source);
      }
      await fsyncFile(partial);
      const check = await verifyCopy(partial, host.databaseKey, counts);
      if (!check.ok) {
        rmSync(partial, { force: true });
        throw new BackupFailure('verifyFailed', check.reason);
      }
      // the files the copy's rows point at, beside it (before the manifest: a backup is listed only whole)
      const copy = await openRaw(partial, host.databaseKey, { readOnly: true });
      let files: { present: string[]; missing: string[] };
      try {
        files = await backUpFiles(host.dataDir, folder, await storedPaths(copy));
      } catch (err) {
        rmSync(partial, { force: true });
        throw new BackupFailure('copyFailed', (err as Error).message);
      } finally {
        await closeRaw(copy);
      }
      if (files.missing.length > 0) host.logger.warn({ missing: files.missing }, 'stored files missing from the data directory: not in the backup');
      const entry: BackupEntry = {
        file: name,
        takenAt: takenAt.toISOString(),
        kind,
        bytes: statSync(partial).size,
        verifiedAt: host.clock().toISOString(),
        counts,
        files: files.present.length,
      };
      renameSync(partial, join(folder, name));
      const manifest = join(folder, manifestOf(name));
      writeFileSync(`${manifest}.partial`, JSON.stringify({ format: 1, ...entry, paths: files.present }, null, 1));
      await fsyncFile(`${manifest}.partial`);
      renameSync(`${manifest}.partial`, manifest);
      await fsyncFolder(folder);
      await host.exclusive(() =>
        host.dataSource.query(
          `UPDATE "backup_settings" SET "lastBackupAt" = ?, "lastBackupFile" = ?, "lastError" = NULL, "lastErrorAt" = NULL WHERE "id" = 1`,
          [entry.takenAt, name],
        ),
      );
      await this.rotate(folder);
      host.logger.info({ file: name, rows: Object.values(counts).reduce((a, b) => a + b, 0) }, 'backup written and verified');
      return entry;
    } catch (err) {
      const failure = err instanceof BackupFailure ? err : new BackupFailure('copyFailed', (err as Error).message);
      host.logger.warn({ key: failure.key, detail: failure.detail }, 'backup failed');
      await host
        .exclusive(() =>
          host.dataSource.query(`UPDATE "backup_settings" SET "lastError" = ?, "lastErrorAt" = ? WHERE "id" = 1`, [
            JSON.stringify({ key: failure.key, detail: failure.detail ?? null }),
            host.clock().toISOString(),
          ]),
        )
        .catch(() => undefined);
      throw failure;
    }
  }

  /** Deletes what rotation does not keep (the copy first, then its manifest). */
  async rotate(folder: string): Promise<string[]> {
    const backups = await readBackups(folder);
    const keep = toKeep(backups.map((b) => b.entry));
    const dropped: string[] = [];
    // the files only dropped backups pointed at go with them
    const kept = new Set<string>();
    for (const { entry, paths } of backups) {
      if (keep.has(entry.file)) {
        for (const p of paths) kept.add(p);
        continue;
      }
      await rm(join(folder, entry.file), { force: true });
      await rm(join(folder, manifestOf(entry.file)), { force: true });
      dropped.push(entry.file);
    }
    await pruneFiles(folder, kept);
    return dropped;
  }

  async status(s: BackupSettingsRow): Promise<BackupStatus> {
    const now = this.host.clock().getTime();
    const ageHours = s.lastBackupAt ? (now - Date.parse(s.lastBackupAt)) / 3600_000 : null;
    return {
      folder: s.folder,
      enabled: Boolean(s.enabled),
      intervalHours: s.intervalHours,
      lastBackupAt: s.lastBackupAt,
      ageHours: ageHours === null ? null : Math.round(ageHours * 10) / 10,
      stale: ageHours === null || ageHours > BACKUP_STALE_HOURS,
      running: this.isRunning(),
      lastError: s.lastError ? JSON.parse(s.lastError) : null,
      lastErrorAt: s.lastErrorAt,
      backups: s.folder ? await listBackups(s.folder) : [],
      encrypted: this.host.databaseKey !== null,
    };
  }

  private async entryIn(folder: string | null, file: string): Promise<BackupEntry> {
    const found = folder ? (await listBackups(folder)).find((e) => e.file === file) : undefined;
    if (!found || !folder) throw new AppError({ code: 'NOT_FOUND', key: 'backup.notFound', field: 'file' });
    return found;
  }

  /** What a backup holds, read from the file itself with the key (and checked whole). */
  async preview(s: BackupSettingsRow, file: string): Promise<BackupPreview> {
    const entry = await this.entryIn(s.folder, file);
    const db = await openRaw(join(s.folder!, file), this.host.databaseKey, { readOnly: true }).catch((err: unknown) => {
      throw new AppError({ code: 'CONFLICT', key: 'backup.unreadable', params: { reason: (err as Error).message } });
    });
    try {
      const filesFound = await filesInBackup(s.folder!, await manifestPaths(s.folder!, file));
      return { ...entry, integrity: await integrity(db), found: await tableCounts(db), filesFound };
    } finally {
      await closeRaw(db);
    }
  }

  /**
   * Puts a verified backup in the database's place, inside the router's queue (no call in flight).
   * Order, so that a crash at any point leaves a whole database: the backup is copied next to the
   * database and checked; a journal names both files; the current database moves aside (kept,
   * never deleted here); the copy takes its name; the journal goes. `recoverRestore` finishes or
   * undoes a restore a crash interrupted. Afterwards sync is told where the restored outbox ended.
   */
  async restore(
    s: BackupSettingsRow,
    file: string,
    replaceDatabase: (swap: () => Promise<void>) => Promise<void>,
  ): Promise<RestoreResult> {
    if (this.running) throw new AppError({ code: 'CONFLICT', key: 'backup.busy' });
    const entry = await this.entryIn(s.folder, file);
    const { host } = this;
    this.restoring = true;
    try {
      const staging = `${host.databaseFile}.restoring`;
      rmSync(staging, { force: true });
      await copyFile(join(s.folder!, file), staging);
      await fsyncFile(staging);
      const check = await verifyCopy(staging, host.databaseKey, entry.counts);
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
      await replaceDatabase(async () => {
        writeFileSync(journalOf(host.dataDir), JSON.stringify({ staging, aside }));
        await fsyncFile(journalOf(host.dataDir));
        renameSync(host.databaseFile, aside);
        rmSync(`${host.databaseFile}-wal`, { force: true });
        rmSync(`${host.databaseFile}-shm`, { force: true });
        renameSync(staging, host.databaseFile);
        await fsyncFolder(host.dataDir);
        rmSync(journalOf(host.dataDir), { force: true });
      });
      const replay = await host.dataSource.transaction(async (m) => {
        const [restored] = await m.query(`SELECT "seq" FROM "sqlite_sequence" WHERE "name" = 'sync_outbox'`);
        const restoredSeq = Math.max(Number(restored?.seq ?? 0), currentSeq);
        // numbers the current database had handed out are not handed out again
        if (restored) await m.query(`UPDATE "sqlite_sequence" SET "seq" = ? WHERE "name" = 'sync_outbox'`, [restoredSeq]);
        else await m.query(`INSERT INTO "sqlite_sequence" ("name", "seq") VALUES ('sync_outbox', ?)`, [restoredSeq]);
        await m.query(`UPDATE "sync_state" SET "restoredSeq" = ? WHERE "id" = 1`, [restoredSeq]);
        // the backup settings belong to this computer, not to the moment of the backup
        await m.query(
          `UPDATE "backup_settings" SET "folder" = ?, "enabled" = ?, "intervalHours" = ?, "lastBackupAt" = ?, "lastBackupFile" = ? WHERE "id" = 1`,
          [settings.folder, settings.enabled, settings.intervalHours, settings.lastBackupAt, settings.lastBackupFile],
        );
        // a record purged since the backup was taken stays purged
        const [station] = await m.query(`SELECT "timeZone" FROM "station" LIMIT 1`);
        return replayPurges(m, retention, station?.timeZone ?? 'Asia/Shanghai', host.clock());
      });
      // the files the restored rows point at, from the backup folder; then those purged since go again
      await restoreFiles(s.folder!, host.dataDir, await manifestPaths(s.folder!, file));
      await removeCaseFiles(host.dataDir, replay.caseIds);
      host.logger.warn({ file, aside, purgesReplayed: replay.replayed }, 'database restored from a backup');
      return { restoredFrom: file, takenAt: entry.takenAt, keptAside: aside, purgesReplayed: replay.replayed };
    } finally {
      this.restoring = false;
    }
  }
}

/** Where a restore keeps the database it replaced. */
export const ASIDE_FOLDER = 'before-restore';
const journalOf = (dataDir: string) => join(dataDir, 'restore-journal.json');

/**
 * Finishes a restore a crash interrupted, before the database opens: with the journal present,
 * either the current database was not moved yet (the staged copy is dropped), or it was (the
 * staged copy, already verified, takes its place; failing that the moved database comes back).
 */
export const recoverRestore = (dataDir: string, databaseFile: string): void => {
  const journal = journalOf(dataDir);
  if (!existsSync(journal)) {
    rmSync(`${databaseFile}.restoring`, { force: true });
    return;
  }
  let plan: { staging: string; aside: string } | undefined;
  try {
    plan = JSON.parse(readFileSync(journal, 'utf8'));
  } catch {
    plan = undefined;
  }
  if (plan && !existsSync(databaseFile)) {
    if (existsSync(plan.staging)) renameSync(plan.staging, databaseFile);
    else if (existsSync(plan.aside)) renameSync(plan.aside, databaseFile);
  }
  if (plan) rmSync(plan.staging, { force: true });
  rmSync(journal, { force: true });
};

