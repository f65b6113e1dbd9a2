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
import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { access, mkdir, readFile } from 'node:fs/promises';
import { constants } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { AppError } from '../../shared/errors.js';
import { BACKUP_STALE_HOURS, type BackupEntry, type BackupPreview, type BackupStatus, type RestoreResult } from '../../shared/backup/contract.js';
import { closeRaw, exportTo, fsyncFile, fsyncFolder, openRaw, verifyCopy } from '../db/cipherFile.js';
import { keyIdOf } from '../db/key.js';
import { backUpFiles, storedPaths } from './files.js';
import { listBackups, manifestOf, readBackups, stampOf, writeJsonDurably, type FoundBackup } from './folder.js';
import { backupRecord, makeRecoveryKey, readStoredRecovery, revealRecoveryKey, wrapDatabaseKey, writeStoredRecovery, type RecoveryRecord } from './recovery.js';
import { BackupKeys, previewBackup, restoreBackup } from './restore.js';
import { removeDebris, rotate, type InProgress } from './rotation.js';
import { readSettings, recordBackup, recordFailure, type BackupSettingsRow } from './settings.js';

/** A failure with a key the screen puts in words (backup.error.<key>). */
export class BackupFailure extends Error {
  constructor(
    readonly key: 'noFolder' | 'folderUnwritable' | 'diskFull' | 'verifyFailed' | 'copyFailed',
    readonly detail?: string,
  ) {
    super(detail ? `${key}: ${detail}` : key);
  }
}

/** Whether an error says the disk (or the folder's quota) is full, whichever layer noticed it first. */
const isDiskFull = (err: unknown): boolean => {
  const e = err as { code?: unknown; message?: unknown } | null;
  return e?.code === 'ENOSPC' || e?.code === 'EDQUOT' || e?.code === 'SQLITE_FULL' || /SQLITE_FULL|disk is full|ENOSPC/i.test(String(e?.message ?? ''));
};

/** A failure while writing a backup, named for the screen: a full disk says so, anything else says what broke. */
const writeFailure = (err: unknown): BackupFailure =>
  err instanceof BackupFailure ? err : isDiskFull(err) ? new BackupFailure('diskFull') : new BackupFailure('copyFailed', (err as Error).message);


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

export class BackupService implements InProgress {
  private running: Promise<BackupEntry> | undefined;
  /** the name of the copy the running backup is writing (its debris is not debris yet) */
  writing: string | undefined;
  /** manifests being rewritten with a new recovery record now (their temporary files are not debris) */
  manifestsUpdating = 0;
  /** the sweep for debris at start, awaited on stop */
  private sweeping: Promise<void> | undefined;
  private restoring = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly keys: BackupKeys;

  constructor(private readonly host: BackupHost) {
    this.keys = new BackupKeys(host);
  }

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
      await host.exclusive(() => recordBackup(host.dataSource, entry.takenAt, name));
      await this.rotate(folder);
      host.logger.info({ file: name, rows: Object.values(entry.counts).reduce((a, b) => a + b, 0) }, 'backup written and verified');
      return entry;
    } catch (err) {
      const failure = writeFailure(err);
      host.logger.warn({ key: failure.key, detail: failure.detail }, 'backup failed');
      await host.exclusive(() => recordFailure(host.dataSource, failure, host.clock())).catch(() => undefined);
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

  /** What interrupted backups left in `folder`, removed (rotation.ts); what this process writes now stays. */
  removeDebris(folder: string): Promise<string[]> {
    return removeDebris(folder, () => this, this.host.logger);
  }

  /** Deletes what rotation does not keep, and the debris of interrupted backups. */
  rotate(folder: string): Promise<string[]> {
    return rotate(folder, this.currentKeyId(), () => this, this.host.logger);
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

  /** What a backup holds, read from the file itself with its key (and checked whole). */
  async preview(s: BackupSettingsRow, file: string, recoveryKey?: string): Promise<BackupPreview> {
    const found = await this.entryIn(s.folder, file);
    const { key } = await this.keys.keyFor(found, recoveryKey);
    return previewBackup(s.folder!, found, key);
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

  /** Puts a verified backup in the database's place (restore.ts); no backup runs meanwhile. */
  async restore(
    s: BackupSettingsRow,
    file: string,
    replaceDatabase: (swap: () => Promise<void>) => Promise<void>,
    recoveryKey?: string,
  ): Promise<RestoreResult & { keyRecovered: boolean }> {
    if (this.running) throw new AppError({ code: 'CONFLICT', key: 'backup.busy' });
    const found = await this.entryIn(s.folder, file);
    const backupKey = await this.keys.keyFor(found, recoveryKey);
    this.restoring = true;
    try {
      return await restoreBackup(this.host, s.folder!, found, backupKey, replaceDatabase);
    } finally {
      this.restoring = false;
    }
  }
}
