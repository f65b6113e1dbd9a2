/**
 * Backups of the station database to a folder the station head chooses (a USB disk, a network
 * share). A backup is an encrypted copy under the database's own key, made on a connection of
 * its own inside one read transaction (sqlcipher_export): the copy is one consistent moment, and
 * in WAL mode the desk goes on writing meanwhile. Each copy is verified before it counts — it
 * opens with the key, passes integrity_check and holds the rows the source held at that moment —
 * and only then gets its final name and its manifest (the counts, in plain JSON: no personal data).
 * The manifest also carries the database key wrapped under the station head's recovery key
 * (recovery.ts), so the backup opens on another PC, whose OS never sealed that key.
 */
import { existsSync, renameSync, rmSync, statSync, writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import { access, copyFile, mkdir, readdir, readFile, rm, rmdir, stat } from 'node:fs/promises';
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
import { DatabaseKeyError, keyIdOf } from '../db/key.js';
import { removeCaseFiles, replayPurges, retentionRecord } from '../retention/retention.service.js';
import { BACKUP_FILES_FOLDER, backUpFiles, filesInBackup, pruneFiles, restoreFiles, storedPaths } from './files.js';
import {
  asRecoveryRecord,
  backupRecord,
  formatRecoveryKey,
  makeRecoveryKey,
  parseRecoveryKey,
  readStoredRecovery,
  revealRecoveryKey,
  unwrapDatabaseKey,
  wrapDatabaseKey,
  writeStoredRecovery,
  type RecoveryRecord,
} from './recovery.js';

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
    readonly key: 'noFolder' | 'folderUnwritable' | 'diskFull' | 'verifyFailed' | 'copyFailed',
    readonly detail?: string,
  ) {
    super(detail ? `${key}: ${detail}` : key);
  }
}

const manifestOf = (file: string) => file.replace(/\.sqlite$/, '.json');

/** Whether an error says the disk (or the folder's quota) is full, whichever layer noticed it first. */
const isDiskFull = (err: unknown): boolean => {
  const e = err as { code?: unknown; message?: unknown } | null;
  return e?.code === 'ENOSPC' || e?.code === 'EDQUOT' || e?.code === 'SQLITE_FULL' || /SQLITE_FULL|disk is full|ENOSPC/i.test(String(e?.message ?? ''));
};

/** A failure while writing a backup, named for the screen: a full disk says so, anything else says what broke. */
const writeFailure = (err: unknown): BackupFailure =>
  err instanceof BackupFailure ? err : isDiskFull(err) ? new BackupFailure('diskFull') : new BackupFailure('copyFailed', (err as Error).message);

/** A backup's manifest name, as a backup (its copy's name) would give it. */
const BACKUP_MANIFEST_NAME = /^station-backup-\d{8}T\d{6}Z\.json$/;
/** What a backup leaves while it writes: the copy, a manifest or a stored file, each under a temporary name until whole. */
const UNFINISHED_NAME = /\.(partial|part)$/;
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

/** What a backup's manifest holds besides its entry: the key it was made under, and that key wrapped for recovery. */
interface FoundBackup {
  entry: BackupEntry;
  paths: string[];
  /** the public name of the key the copy is under (absent in manifests made before keys were named) */
  keyId: string | undefined;
  recovery: RecoveryRecord | null;
}

/** The backups in a folder with a readable manifest, newest first, each with its stored files' paths. */
const readBackups = async (folder: string, currentKeyId: string | null): Promise<FoundBackup[]> => {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return [];
  }
  const found: FoundBackup[] = [];
  for (const name of names) {
    if (!BACKUP_FILE_NAME.test(name)) continue;
    try {
      const { paths, format: _format, keyId, recovery, ...manifest } = JSON.parse(await readFile(join(folder, manifestOf(name)), 'utf8')) as BackupEntry & {
        paths?: unknown;
        format?: unknown;
        keyId?: unknown;
        recovery?: unknown;
      };
      const { size } = await stat(join(folder, name));
      const record = asRecoveryRecord(recovery);
      const id = typeof keyId === 'string' ? keyId : undefined;
      found.push({
        entry: { ...manifest, file: name, bytes: size, sealedHere: id === undefined || id === currentKeyId, recoverable: record !== null && record.keyId === id },
        paths: Array.isArray(paths) ? paths.filter((p): p is string => typeof p === 'string') : [],
        keyId: id,
        recovery: record,
      });
    } catch {
      // a copy without its manifest never verified (a crash while writing it): not offered
    }
  }
  return found.sort((a, b) => b.entry.takenAt.localeCompare(a.entry.takenAt));
};

/** The backups in a folder with a readable manifest, newest first. */
export const listBackups = async (folder: string, currentKeyId: string | null): Promise<BackupEntry[]> =>
  (await readBackups(folder, currentKeyId)).map((b) => b.entry);

/**
 * Whether a manifest is there and reads whole: `missing`, `cutOff` (it does not parse, as one a
 * crash cut off), or `unknown` when the disk would not say (a network share that hiccups): a
 * copy is only ever removed as debris on a definite answer.
 */
const manifestState = async (path: string): Promise<'whole' | 'missing' | 'cutOff' | 'unknown'> => {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'unknown';
  }
  try {
    const m = JSON.parse(text) as unknown;
    return typeof m === 'object' && m !== null && typeof (m as { takenAt?: unknown }).takenAt === 'string' ? 'whole' : 'cutOff';
  } catch {
    return 'cutOff';
  }
};

/** Writes a small JSON file whole or not at all. */
const writeJsonDurably = async (path: string, value: unknown) => {
  writeFileSync(`${path}.partial`, JSON.stringify(value, null, 1));
  await fsyncFile(`${path}.partial`);
  renameSync(`${path}.partial`, path);
};

/** Wrong recovery keys allowed within the window before tries are refused for the rest of it. */
export const RECOVERY_TRIES = 5;
export const RECOVERY_WINDOW_MS = 15 * 60_000;

/** Why a recovery key was not taken; the screen puts each in words (backup.<key>). */
export type RecoveryRefusal = 'recoveryKeyNeeded' | 'recoveryKeyMalformed' | 'recoveryKeyMistyped' | 'recoveryKeyWrong' | 'recoveryKeyLimited' | 'notRecoverable';

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
interface BackupKey {
  key: Buffer | null;
  recovered: boolean;
  /** the recovery key as printed, when it was given and opened the backup */
  recoveryKey?: string;
}

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
export const toKeep = (entries: readonly Pick<BackupEntry, 'file' | 'takenAt'>[], offsetMinutes = 480): Set<string> => {
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
  /** the key the database is under now (a restore of another PC's backup changes it) */
  readonly databaseKey: Buffer | null;
  /**
   * Makes `key` the data directory's database key: kept by the key provider (sealed by this PC's
   * OS on the desktop), and used by the core from the next open of the database on.
   */
  adoptKey(key: Buffer): Promise<void>;
  dataSource: DataSource;
  exclusive<T>(task: () => Promise<T>): Promise<T>;
  clock(): Date;
  logger: Logger;
}

const CHECK_EVERY_MS = 5 * 60_000;

export class BackupService {
  private running: Promise<BackupEntry> | undefined;
  /** the name of the copy the running backup is writing (its debris is not debris yet) */
  private writing: string | undefined;
  /** manifests being rewritten with a new recovery record now (their temporary files are not debris) */
  private manifestsUpdating = 0;
  /** the sweep for debris at start, awaited on stop */
  private sweeping: Promise<void> | undefined;
  private restoring = false;
  private timer: NodeJS.Timeout | undefined;
  /** when wrong recovery keys were given, within the last window */
  private wrongRecoveryKeys: number[] = [];

  constructor(private readonly host: BackupHost) {}

  private currentKeyId(): string | null {
    return this.host.databaseKey ? keyIdOf(this.host.databaseKey) : null;
  }

  isRunning(): boolean {
    return this.running !== undefined;
  }

  /** Checks every few minutes whether a scheduled backup is due (and once soon after start). */
  start(firstCheckMs = 60_000): void {
    // what a backup interrupted by the last shutdown (a kill, a power cut) left goes at once
    this.sweeping = this.host
      .exclusive(() => readSettings(this.host.dataSource))
      .then((s) => (s.folder && !this.running ? this.removeDebris(s.folder) : []))
      .catch(() => [])
      .then(() => undefined);
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
    await this.sweeping;
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
      // what earlier interrupted backups left goes first: it would take the room this one needs
      await this.removeDebris(folder);
      const takenAt = host.clock();
      // names go by the second: a backup of this second already there (the app restarted within
      // it) stays whole — this one takes the next free second's name, never replacing its copy
      // while that copy's manifest still describes the old one
      let named = takenAt.getTime();
      const nameAt = (ms: number) => `station-backup-${stampOf(new Date(ms))}.sqlite`;
      while (existsSync(join(folder, nameAt(named))) || existsSync(join(folder, manifestOf(nameAt(named))))) named += 1000;
      const name = nameAt(named);
      const manifest = join(folder, manifestOf(name));
      this.writing = name;
      let entry: BackupEntry;
      try {
        entry = await this.writeCopy(folder, name, takenAt, kind);
      } catch (err) {
        // nothing of a failed backup stays: not the copy, under either name, its manifest, or a stored file cut off
        this.writing = undefined;
        for (const f of [join(folder, `${name}.partial`), join(folder, name), `${manifest}.partial`, manifest]) rmSync(f, { force: true });
        await this.removeDebris(folder).catch(() => undefined);
        throw writeFailure(err);
      } finally {
        this.writing = undefined;
      }
      await host.exclusive(() =>
        host.dataSource.query(
          `UPDATE "backup_settings" SET "lastBackupAt" = ?, "lastBackupFile" = ?, "lastError" = NULL, "lastErrorAt" = NULL WHERE "id" = 1`,
          [entry.takenAt, name],
        ),
      );
      await this.rotate(folder);
      host.logger.info({ file: name, rows: Object.values(entry.counts).reduce((a, b) => a + b, 0) }, 'backup written and verified');
      return entry;
    } catch (err) {
      const failure = writeFailure(err);
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

  /**
   * Writes one backup into `folder` under `name`: the copy under a temporary name, verified, then
   * its stored files, its final name and last its manifest — a backup is listed only whole. On a
   * failure the caller removes what was written.
   */
  private async writeCopy(folder: string, name: string, takenAt: Date, kind: BackupEntry['kind']): Promise<BackupEntry> {
    const { host } = this;
    const partial = join(folder, `${name}.partial`);
    rmSync(partial, { force: true });
    let counts: Record<string, number>;
    const source = await openRaw(host.databaseFile, host.databaseKey);
    try {
      counts = await exportTo(source, partial, host.databaseKey);
    } finally {
      await closeRaw(source);
    }
    await fsyncFile(partial);
    const check = await verifyCopy(partial, host.databaseKey, counts);
    if (!check.ok) throw new BackupFailure('verifyFailed', check.reason);
    // the files the copy's rows point at, beside it (before the manifest: a backup is listed only whole)
    const copy = await openRaw(partial, host.databaseKey, { readOnly: true });
    let files: { present: string[]; missing: string[] };
    try {
      files = await backUpFiles(host.dataDir, folder, await storedPaths(copy));
    } finally {
      await closeRaw(copy);
    }
    if (files.missing.length > 0) host.logger.warn({ missing: files.missing }, 'stored files missing from the data directory: not in the backup');
    const keyId = this.currentKeyId();
    const stored = readStoredRecovery(host.dataDir);
    const entry: BackupEntry = {
      file: name,
      takenAt: takenAt.toISOString(),
      kind,
      bytes: statSync(partial).size,
      verifiedAt: host.clock().toISOString(),
      counts,
      files: files.present.length,
      sealedHere: true,
      recoverable: stored !== null && stored.keyId === keyId,
    };
    renameSync(partial, join(folder, name));
    const { sealedHere: _sealedHere, recoverable: _recoverable, ...listed } = entry;
    await writeJsonDurably(join(folder, manifestOf(name)), {
      format: 1,
      ...listed,
      paths: files.present,
      ...(keyId ? { keyId } : {}),
      ...(stored && stored.keyId === keyId ? { recovery: backupRecord(stored) } : {}),
    });
    await fsyncFolder(folder);
    return entry;
  }

  /**
   * Removes what interrupted backups left in `folder` (a kill or power cut while writing): files
   * still under their temporary name, copies that never got their manifest (never verified, so
   * never offered), manifests that do not read whole or have lost their copy. The backup this
   * process is writing now is left alone; a copy with a whole manifest is never touched.
   */
  async removeDebris(folder: string): Promise<string[]> {
    // read when each name is judged: a backup that starts during the sweep names its copy before writing it
    const isWriting = (name: string) => this.writing !== undefined && name.startsWith(this.writing.replace(/\.sqlite$/, ''));
    const removed: string[] = [];
    const remove = async (rel: string) => {
      await rm(join(folder, rel), { force: true });
      removed.push(rel);
    };
    let names: string[];
    try {
      names = await readdir(folder);
    } catch {
      return removed;
    }
    const present = new Set(names);
    for (const name of names) {
      if (isWriting(name)) continue;
      if (UNFINISHED_NAME.test(name) && name.startsWith('station-backup-')) {
        if (!(name.endsWith('.json.partial') && this.manifestsUpdating > 0)) await remove(name);
      }
      else if (BACKUP_FILE_NAME.test(name)) {
        const manifest = await manifestState(join(folder, manifestOf(name)));
        if (manifest !== 'missing' && manifest !== 'cutOff') continue;
        await remove(name);
        if (manifest === 'cutOff') await remove(manifestOf(name));
      } else if (BACKUP_MANIFEST_NAME.test(name) && !present.has(name.replace(/\.json$/, '.sqlite'))) await remove(name);
    }
    // a stored file whose copy was cut off (a stored file is written whole under its final name, never changed)
    const walk = async (rel: string): Promise<void> => {
      let entries: import('node:fs').Dirent[];
      try {
        entries = await readdir(join(folder, rel), { withFileTypes: true });
      } catch {
        return;
      }
      for (const d of entries) {
        const child = `${rel}/${d.name}`;
        // while a backup runs its stored files are being copied in: their folders and parts stay
        if (d.isDirectory()) {
          await walk(child);
          // a folder emptied here (rmdir never removes one with a file in it)
          if (this.writing === undefined) await rmdir(join(folder, child)).catch(() => undefined);
        } else if (UNFINISHED_NAME.test(d.name) && this.writing === undefined) await remove(child);
      }
    };
    await walk(BACKUP_FILES_FOLDER);
    if (removed.length > 0) this.host.logger.info({ folder, removed }, 'debris of interrupted backups removed');
    return removed;
  }

  /** Deletes what rotation does not keep (the copy first, then its manifest), and the debris of interrupted backups. */
  async rotate(folder: string): Promise<string[]> {
    await this.removeDebris(folder);
    const backups = await readBackups(folder, this.currentKeyId());
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

  /** The backups in a folder, each saying whether this PC's key opens it. */
  async list(folder: string): Promise<BackupEntry[]> {
    return listBackups(folder, this.currentKeyId());
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
      backups: s.folder ? await listBackups(s.folder, this.currentKeyId()) : [],
      encrypted: this.host.databaseKey !== null,
    };
  }

  private async entryIn(folder: string | null, file: string): Promise<FoundBackup> {
    const found = folder ? (await readBackups(folder, this.currentKeyId())).find((b) => b.entry.file === file) : undefined;
    if (!found || !folder) throw new AppError({ code: 'NOT_FOUND', key: 'backup.notFound', field: 'file' });
    return found;
  }

  /**
   * The key a backup opens with: this PC's, or — for a backup made under another key — the one
   * its manifest holds wrapped under the recovery key the head typed. Wrong keys are limited to
   * RECOVERY_TRIES per RECOVERY_WINDOW_MS; a mistyped one (its checksum fails) is told apart and
   * not counted, since anyone can make a key that passes the checksum and it tells nothing.
   */
  private async keyFor(found: FoundBackup, recoveryKey: string | undefined): Promise<BackupKey> {
    if (found.entry.sealedHere) return { key: this.host.databaseKey, recovered: false };
    if (!found.recovery || found.recovery.keyId !== found.keyId) throw new RecoveryRefused('notRecoverable');
    if (recoveryKey === undefined) throw new RecoveryRefused('recoveryKeyNeeded');
    const now = this.host.clock().getTime();
    this.wrongRecoveryKeys = this.wrongRecoveryKeys.filter((t) => now - t < RECOVERY_WINDOW_MS);
    if (this.wrongRecoveryKeys.length >= RECOVERY_TRIES) {
      const minutes = Math.ceil((this.wrongRecoveryKeys[0] + RECOVERY_WINDOW_MS - now) / 60_000);
      throw new RecoveryRefused('recoveryKeyLimited', { minutes });
    }
    const parsed = parseRecoveryKey(recoveryKey);
    if ('problem' in parsed) throw new RecoveryRefused(parsed.problem === 'malformed' ? 'recoveryKeyMalformed' : 'recoveryKeyMistyped');
    const key = await unwrapDatabaseKey(found.recovery, parsed.body);
    if (!key) {
      this.wrongRecoveryKeys.push(now);
      throw new RecoveryRefused('recoveryKeyWrong');
    }
    return { key, recovered: true, recoveryKey: formatRecoveryKey(parsed.body) };
  }

  /** What a backup holds, read from the file itself with its key (and checked whole). */
  async preview(s: BackupSettingsRow, file: string, recoveryKey?: string): Promise<BackupPreview> {
    const found = await this.entryIn(s.folder, file);
    const { entry } = found;
    const { key } = await this.keyFor(found, recoveryKey);
    const db = await openRaw(join(s.folder!, file), key, { readOnly: true }).catch((err: unknown) => {
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
   * The recovery key for the printed sheet: the one made before, or — the first time, or when the
   * head renews it — a new one, whose wrapped key then replaces the old one in the data directory
   * and in the manifests of the backups in `folder` (the old key opens none of them any more).
   */
  async recoverySheetKey(folder: string | null, renew: boolean): Promise<{ recoveryKey: string; createdAt: string; backupsUpdated: number; made: boolean }> {
    const key = this.host.databaseKey;
    if (!key) throw new AppError({ code: 'CONFLICT', key: 'backup.notEncrypted' });
    const stored = readStoredRecovery(this.host.dataDir);
    if (!renew && stored && stored.keyId === keyIdOf(key)) {
      const shown = revealRecoveryKey(stored, key);
      if (shown) return { recoveryKey: shown, createdAt: stored.createdAt, backupsUpdated: 0, made: false };
    }
    const recoveryKey = makeRecoveryKey();
    const record = await wrapDatabaseKey(key, recoveryKey, this.host.clock());
    writeStoredRecovery(this.host.dataDir, record);
    const backupsUpdated = folder ? await this.installRecovery(folder, record, key) : 0;
    // a backup being written now read the record before it changed: its manifest is brought up to date after it
    if (folder && this.running) void this.running.then(() => this.installRecovery(folder, record, key)).catch(() => undefined);
    this.host.logger.info({ backupsUpdated }, renew ? 'recovery key renewed' : 'recovery key made');
    return { recoveryKey, createdAt: record.createdAt, backupsUpdated, made: true };
  }

  /** Whether the head has a recovery key for the database key in use. */
  recoveryStatus(): { made: boolean; createdAt: string | null } {
    const key = this.host.databaseKey;
    const stored = readStoredRecovery(this.host.dataDir);
    const made = key !== null && stored !== null && stored.keyId === keyIdOf(key);
    return { made, createdAt: made ? stored.createdAt : null };
  }

  /**
   * Puts `record` in the manifest of every backup in `folder` made under `key` (a backup whose
   * manifest predates key names is opened to find out). Returns how many manifests now carry it.
   */
  private async installRecovery(folder: string, record: RecoveryRecord, key: Buffer): Promise<number> {
    this.manifestsUpdating += 1;
    try {
      return await this.installRecoveryIn(folder, record, key);
    } finally {
      this.manifestsUpdating -= 1;
    }
  }

  private async installRecoveryIn(folder: string, record: RecoveryRecord, key: Buffer): Promise<number> {
    let updated = 0;
    for (const found of await readBackups(folder, record.keyId)) {
      const manifest = join(folder, manifestOf(found.entry.file));
      if (found.keyId === undefined) {
        const opens = await openRaw(join(folder, found.entry.file), key, { readOnly: true })
          .then(closeRaw)
          .then(() => true, () => false);
        if (!opens) continue;
      } else if (found.keyId !== record.keyId) continue;
      const current = JSON.parse(await readFile(manifest, 'utf8')) as Record<string, unknown>;
      await writeJsonDurably(manifest, { ...current, keyId: record.keyId, recovery: backupRecord(record) });
      updated += 1;
    }
    if (updated > 0) await fsyncFolder(folder);
    return updated;
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
    recoveryKey?: string,
  ): Promise<RestoreResult & { keyRecovered: boolean }> {
    if (this.running) throw new AppError({ code: 'CONFLICT', key: 'backup.busy' });
    const found = await this.entryIn(s.folder, file);
    const { entry } = found;
    const backupKey = await this.keyFor(found, recoveryKey);
    const { host } = this;
    this.restoring = true;
    try {
      const staging = `${host.databaseFile}.restoring`;
      rmSync(staging, { force: true });
      await copyFile(join(s.folder!, file), staging);
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
      host.logger.warn({ file, aside, purgesReplayed: replay.replayed, keyRecovered: backupKey.recovered }, 'database restored from a backup');
      return { restoredFrom: file, takenAt: entry.takenAt, keptAside: aside, purgesReplayed: replay.replayed, keyRecovered: backupKey.recovered };
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

