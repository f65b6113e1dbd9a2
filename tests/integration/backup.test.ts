import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statfsSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ASIDE_FOLDER, recoverRestore } from '../../src/main/backup/restore.js';
import { toKeep } from '../../src/main/backup/rotation.js';
import { DATABASE_FILE } from '../../src/main/core.js';
import { closeRaw, openRaw, tableCounts } from '../../src/main/db/cipherFile.js';
import { keyFileProvider } from '../../src/main/db/key.js';
import type { BackupEntry, BackupPreview, BackupStatus } from '../../src/shared/backup/contract.js';
import { enrol, hqRows, newStore, startHq, stationRows, stationUuid, type HqStore, type TestHq } from '../helpers/hq.js';
import { ok, relogin, setUpStation, walkIn, type TestStation } from '../helpers/station.js';
import { caseApi } from './mediation.helpers.js';

/** A real 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

const NAME = '欧阳明华';
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

const backupFolder = () => {
  const dir = mkdtempSync(join(tmpdir(), 'station-backups-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
};

const station = async () => {
  const st = await setUpStation();
  cleanups.push(() => st.close());
  return st;
};

const call = <T = any>(st: TestStation, method: string, input: unknown = {}) => ok<T>(st.core.call(method, input, { token: st.token }));
const register = (st: TestStation, name: string) => call(st, 'intake.register', walkIn({ visitorName: name }));

/** "Back up now" as the head presses it, then waits for the background copy to finish. */
const backUpNow = async (st: TestStation): Promise<BackupStatus> => {
  await call(st, 'backup.now');
  while (st.core.backup.isRunning()) await new Promise((r) => setTimeout(r, 50)); // until the copy ends, however long a loaded machine takes
  return call<BackupStatus>(st, 'backup.status');
};

describe('backups', () => {
  it('a folder is checked when it is set: a missing place and a file are refused in words, a new folder in an existing one is made', async () => {
    const st = await station();
    const refused = (folder: string) => st.core.call('backup.settings', { folder, enabled: true, intervalHours: 24 }, { token: st.token });
    expect(await refused('/nonexistent/dir/backup')).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', field: 'folder', key: 'backup.folderParentMissing', params: { parent: '/nonexistent/dir' } },
    });
    const base = backupFolder();
    const file = join(base, 'not-a-folder');
    writeFileSync(file, 'x');
    expect(await refused(file)).toMatchObject({ ok: false, error: { field: 'folder', key: 'backup.folderNotFolder' } });
    // nothing was saved by the refusals
    expect(await call(st, 'backup.age')).toMatchObject({ configured: false });
    const fresh = join(base, '警务室备份');
    await call(st, 'backup.settings', { folder: fresh, enabled: true, intervalHours: 24 });
    expect(statSync(fresh).isDirectory()).toBe(true);
    // the test file is gone again
    expect(readdirSync(fresh)).toEqual([]);
    expect(await call(st, 'backup.age')).toMatchObject({ configured: true });
  });

  it('a folder on a read-only disk is refused when it is set', async (ctx) => {
    const folder = backupFolder();
    try {
      // read-only for every user, root included (a permission bit would not stop root)
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=1m', 'tmpfs', folder], { stdio: 'pipe' });
    } catch (err) {
      console.warn(`skipped: a read-only tmpfs could not be mounted: ${String((err as { stderr?: Buffer }).stderr ?? err).trim()}`);
      ctx.skip();
      return;
    }
    cleanups.push(() => void execFileSync('umount', [folder]));
    const st = await station();
    expect(await st.core.call('backup.settings', { folder: join(folder, '备份'), enabled: true, intervalHours: 24 }, { token: st.token })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', field: 'folder', key: 'backup.folderNotWritable' },
    });
  });

  it('back up now: an encrypted copy, verified, listed with its counts; the age shown and warned about when old', async () => {
    const st = await station();
    const folder = backupFolder();
    expect(await call(st, 'backup.age')).toEqual({ lastBackupAt: null, ageHours: null, stale: true, configured: false, lastError: null });
    await register(st, NAME);
    await call(st, 'backup.settings', { folder, enabled: true, intervalHours: 24 });
    const status = await backUpNow(st);
    expect(status.lastError).toBeNull();
    expect(status.backups).toHaveLength(1);
    const [b] = status.backups;
    expect(b.verifiedAt).not.toBeNull();
    expect(b.counts.walk_in).toBe(1);
    expect(b.kind).toBe('manual');
    const bytes = readFileSync(join(folder, b.file));
    expect(bytes.subarray(0, 15).toString('latin1')).not.toBe('SQLite format 3');
    expect(bytes.includes(Buffer.from(NAME))).toBe(false);
    // the copy opens with the station's key and holds the walk-in
    const db = await openRaw(join(folder, b.file), await keyFileProvider(st.dir).get(), { readOnly: true });
    expect((await tableCounts(db)).walk_in).toBe(1);
    await closeRaw(db);
    expect(await call(st, 'backup.age')).toMatchObject({ stale: false, configured: true });
    st.setNow('2026-11-29T05:00:00Z');
    await relogin(st);
    expect(await call(st, 'backup.age')).toMatchObject({ stale: true });
    expect((await call<BackupStatus>(st, 'backup.status')).ageHours).toBe(27);
  });

  it('the desk goes on registering while a backup runs, and the copy is one consistent moment', async () => {
    const st = await station();
    await call(st, 'backup.settings', { folder: backupFolder(), enabled: true, intervalHours: 24 });
    for (let i = 0; i < 20; i++) await register(st, `张${i}`);
    await call(st, 'backup.now');
    const during = await Promise.all(Array.from({ length: 10 }, (_, i) => register(st, `李${i}`)));
    expect(during).toHaveLength(10);
    while (st.core.backup.isRunning()) await new Promise((r) => setTimeout(r, 50)); // until the copy ends, however long a loaded machine takes
    const [b] = (await call<BackupStatus>(st, 'backup.status')).backups;
    expect(b.counts.walk_in).toBeGreaterThanOrEqual(20);
    expect(b.counts.walk_in).toBeLessThanOrEqual(30);
    // every walk-in's outbox entry is in the copy with it: the copy is not torn between tables
    expect(b.counts.sync_outbox).toBeGreaterThanOrEqual(b.counts.walk_in);
  });

  it('rotation keeps the newest of each of the last 7 days, 4 weeks and 12 months', () => {
    const entries: BackupEntry[] = Array.from({ length: 500 }, (_, i) => ({
      file: `b${i}`,
      takenAt: new Date(Date.UTC(2026, 10, 28, 2) - i * 86400_000).toISOString(),
      kind: 'scheduled',
      bytes: 1,
      verifiedAt: null,
      counts: {},
      sealedHere: true,
      recoverable: false,
    }));
    const keep = toKeep(entries);
    // the last 7 days
    for (let i = 0; i < 7; i++) expect(keep.has(`b${i}`)).toBe(true);
    // 12 months back at most: nothing older than about a year
    const kept = entries.filter((e) => keep.has(e.file));
    expect(new Set(kept.map((e) => e.takenAt.slice(0, 7))).size).toBe(12);
    expect(kept.length).toBeLessThanOrEqual(7 + 4 + 12);
    expect(kept.length).toBeGreaterThanOrEqual(12 + 4);
    expect(Math.max(...kept.map((e) => Number(e.file.slice(1))))).toBeLessThan(370);
  });

  it('a second backup within the same second takes its own name, so a copy is never replaced under its old manifest', async () => {
    // half a second apart, as when the app restarts and backs up again within one second
    const st = await station();
    const folder = backupFolder();
    await call(st, 'backup.settings', { folder, enabled: true, intervalHours: 24 });
    await register(st, '甲');
    await backUpNow(st);
    const [first] = readdirSync(folder).filter((f) => f.endsWith('.sqlite'));
    await register(st, '乙');
    st.setNow('2026-11-28T02:00:00.500Z');
    await backUpNow(st);
    // the second copy never took the first one's name (rotation then keeps the day's newest)
    const copies = readdirSync(folder).filter((f) => f.endsWith('.sqlite'));
    expect(copies).not.toContain(first);
    expect(copies).toHaveLength(1);
    const manifest = JSON.parse(readFileSync(join(folder, copies[0].replace(/\.sqlite$/, '.json')), 'utf8'));
    const db = await openRaw(join(folder, copies[0]), await keyFileProvider(st.dir).get(), { readOnly: true });
    try {
      expect(await tableCounts(db)).toEqual(manifest.counts);
      expect(manifest.counts.walk_in).toBe(2);
    } finally {
      await closeRaw(db);
    }
  });

  it('rotation deletes the copies it does not keep from the folder', async () => {
    const st = await setUpStation({ now: '2026-11-02T02:00:00Z' });
    cleanups.push(() => st.close());
    const folder = backupFolder();
    await call(st, 'backup.settings', { folder, enabled: true, intervalHours: 24 });
    // nine daily backups: the last seven days are kept, and of the two before only a week's newest
    for (let d = 0; d < 9; d++) {
      st.setNow(new Date(Date.UTC(2026, 10, 2 + d, 2)).toISOString());
      await relogin(st);
      await backUpNow(st);
    }
    const files = readdirSync(folder).filter((f) => f.endsWith('.sqlite'));
    const status = await call<BackupStatus>(st, 'backup.status');
    expect(files.length).toBe(status.backups.length);
    expect(files.length).toBeLessThan(9);
    expect(status.backups.every((b) => b.verifiedAt)).toBe(true);
  });

  it('restore: preview what a backup holds, restore it with the current database kept aside', async () => {
    const st = await station();
    const folder = backupFolder();
    await call(st, 'backup.settings', { folder, enabled: true, intervalHours: 24 });
    await register(st, '张三');
    const [b] = (await backUpNow(st)).backups;
    await register(st, '李四');
    const preview = await call<BackupPreview>(st, 'backup.preview', { file: b.file });
    expect(preview.integrity).toBe('ok');
    expect(preview.found.walk_in).toBe(1);
    expect(preview.found).toEqual(preview.counts);
    expect(await st.core.call('backup.restore', { file: b.file, confirm: false }, { token: st.token })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await st.core.call('backup.restore', { file: '../station.sqlite', confirm: true }, { token: st.token })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });

    const result = await call<{ keptAside: string }>(st, 'backup.restore', { file: b.file, confirm: true });
    const names = (await st.core.dataSource.query(`SELECT "visitorName" AS n FROM "walk_in"`)).map((r: { n: string }) => r.n);
    expect(names).toEqual(['张三']);
    // the head's session goes on, the restore is audited in the restored database, the settings stay
    const audit = await st.core.dataSource.query(`SELECT "method", "detail" FROM "audit_log" WHERE "method" = 'backup.restore'`);
    expect(audit).toHaveLength(1);
    expect((await call<BackupStatus>(st, 'backup.status')).folder).toBe(folder);
    // the database it replaced is kept aside, whole
    expect(result.keptAside.startsWith(join(st.dir, ASIDE_FOLDER))).toBe(true);
    const aside = await openRaw(result.keptAside, await keyFileProvider(st.dir).get(), { readOnly: true });
    expect((await tableCounts(aside)).walk_in).toBe(2);
    await closeRaw(aside);
    await register(st, '王五');
    expect((await st.core.dataSource.query(`SELECT count(*) AS n FROM "walk_in"`))[0].n).toBe(2);
  });

  it('the files the rows point at go into the backup once, come back on restore, and leave with rotation', async () => {
    const st = await station();
    const folder = backupFolder();
    await call(st, 'backup.settings', { folder, enabled: true, intervalHours: 24 });
    const c = await caseApi(st).open();
    const attached = await call<{ files: { id: string }[] }>(st, 'mediation.attachFile', { id: c.id, kind: 'photo', fileName: '现场.png', content: PNG });
    const fileId = attached.files[0].id;
    const stored = join('mediation-files', c.id, `${fileId}.png`);
    const [first] = (await backUpNow(st)).backups;
    expect(first.files).toBe(1);
    // still sealed in the backup folder: the same bytes as the station's copy, no PNG header
    const copy = readFileSync(join(folder, 'station-files', stored));
    expect(copy.equals(readFileSync(join(st.dir, stored)))).toBe(true);
    expect(copy.includes(PNG.subarray(0, 8))).toBe(false);
    // a second backup copies nothing again and points at the same file
    const mtime = statSync(join(folder, 'station-files', stored)).mtimeMs;
    await backUpNow(st);
    expect(statSync(join(folder, 'station-files', stored)).mtimeMs).toBe(mtime);

    // the disk lost the file: the preview says the backup holds it, the restore puts it back
    rmSync(join(st.dir, 'mediation-files'), { recursive: true, force: true });
    const preview = await call<BackupPreview>(st, 'backup.preview', { file: first.file });
    expect(preview.filesFound).toBe(1);
    await call(st, 'backup.restore', { file: first.file, confirm: true });
    const back = await call<{ base64: string }>(st, 'mediation.fileContent', { id: c.id, fileId });
    expect(Buffer.from(back.base64, 'base64').equals(PNG)).toBe(true);

    // once no kept backup points at a file, rotation deletes it from the folder
    writeFileSync(join(folder, 'station-files', 'mediation-files', c.id, 'orphan.png'), 'x');
    await st.core.backup.rotate(folder);
    expect(existsSync(join(folder, 'station-files', 'mediation-files', c.id, 'orphan.png'))).toBe(false);
    expect(existsSync(join(folder, 'station-files', stored))).toBe(true);
  });

  /** Whether a backup in `folder` opens with the station's key and holds `walkIns` walk-ins. */
  const opensWith = async (st: TestStation, folder: string, file: string) => {
    const db = await openRaw(join(folder, file), await keyFileProvider(st.dir).get(), { readOnly: true });
    try {
      return (await tableCounts(db)).walk_in;
    } finally {
      await closeRaw(db);
    }
  };

  /** What a kill or power cut in the middle of backups leaves behind, beside the good backups. */
  const plantDebris = (folder: string, good: string) => {
    const debris = {
      // a full-size copy that never got its final name
      partial: 'station-backup-20261101T010000Z.sqlite.partial',
      // a whole copy that never got its manifest (never verified)
      noManifest: 'station-backup-20261101T020000Z.sqlite',
      // a copy whose manifest was cut off while written in place
      badManifestCopy: 'station-backup-20261101T030000Z.sqlite',
      badManifest: 'station-backup-20261101T030000Z.json',
      manifestPartial: 'station-backup-20261101T040000Z.json.partial',
      // a manifest whose copy is gone
      orphanManifest: 'station-backup-20261101T050000Z.json',
      storedFilePart: 'station-files/mediation/00000000-0000-7000-8000-000000000001/00000000-0000-7000-8000-000000000002.png.part',
    };
    copyFileSync(join(folder, good), join(folder, debris.partial));
    copyFileSync(join(folder, good), join(folder, debris.noManifest));
    copyFileSync(join(folder, good), join(folder, debris.badManifestCopy));
    writeFileSync(join(folder, debris.badManifest), readFileSync(join(folder, good.replace('.sqlite', '.json')), 'utf8').slice(0, 40));
    writeFileSync(join(folder, debris.manifestPartial), '{"format":1,');
    writeFileSync(join(folder, debris.orphanManifest), readFileSync(join(folder, good.replace('.sqlite', '.json'))));
    mkdirSync(join(folder, debris.storedFilePart, '..'), { recursive: true });
    writeFileSync(join(folder, debris.storedFilePart), PNG.subarray(0, 10));
    // something of the head's own on the disk is none of the backup's business
    writeFileSync(join(folder, 'notes.txt'), '备份盘');
    return Object.values(debris);
  };

  it('debris of interrupted backups goes at the next start and at rotation; good backups stay and open', async () => {
    const st = await station();
    const folder = backupFolder();
    await register(st, NAME);
    await call(st, 'backup.settings', { folder, enabled: true, intervalHours: 24 });
    const first = (await backUpNow(st)).backups[0].file;
    const debris = plantDebris(folder, first);
    for (const d of debris) expect(existsSync(join(folder, d)), d).toBe(true);
    // the debris is not offered as a backup
    expect((await call<BackupStatus>(st, 'backup.status')).backups.map((b) => b.file)).toEqual([first]);

    // the next start sweeps it (the sweep is awaited by stop)
    st.core.backup.start(3_600_000);
    await st.core.backup.stop();
    for (const d of debris) expect(existsSync(join(folder, d)), `${d} left after start`).toBe(false);
    expect(readdirSync(folder).filter((f) => f !== 'station-files').sort()).toEqual(['notes.txt', first, first.replace('.sqlite', '.json')].sort());
    expect(await opensWith(st, folder, first)).toBe(1);

    // and so does the next backup with its rotation, leaving both good backups
    plantDebris(folder, first);
    st.setNow('2026-11-29T03:00:00Z');
    await relogin(st);
    await register(st, '第二位');
    const status = await backUpNow(st);
    expect(status.lastError).toBeNull();
    for (const d of debris) expect(existsSync(join(folder, d)), `${d} left after rotation`).toBe(false);
    expect(status.backups.map((b) => b.file).sort()).toEqual(readdirSync(folder).filter((f) => f.endsWith('.sqlite')).sort());
    expect(status.backups).toHaveLength(2);
    for (const b of status.backups) expect(await opensWith(st, folder, b.file)).toBe(b.counts.walk_in);
  });

  it('a sweep while a backup runs leaves the copy being written alone', async () => {
    const st = await station();
    const folder = backupFolder();
    for (let i = 0; i < 30; i++) await register(st, `张${i}`);
    await call(st, 'backup.settings', { folder, enabled: true, intervalHours: 24 });
    await call(st, 'backup.now');
    let sweeps = 0;
    while (st.core.backup.isRunning()) {
      await st.core.backup.removeDebris(folder);
      sweeps += 1;
    }
    const status = await call<BackupStatus>(st, 'backup.status');
    expect(status.lastError, `after ${sweeps} sweeps`).toBeNull();
    expect(status.backups).toHaveLength(1);
    expect(await opensWith(st, folder, status.backups[0].file)).toBe(30);
  });

  it('a backup disk that fills up fails cleanly, says so on the home screen, and the earlier backups stay', async (ctx) => {
    const folder = backupFolder();
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', folder], { stdio: 'pipe' });
    } catch (err) {
      console.warn(`skipped: a small tmpfs could not be mounted for the full-disk test: ${String((err as { stderr?: Buffer }).stderr ?? err).trim()}`);
      ctx.skip();
      return;
    }
    cleanups.push(() => void execFileSync('umount', [folder]));
    const st = await station();
    await register(st, NAME);
    await call(st, 'backup.settings', { folder, enabled: true, intervalHours: 24 });
    const first = await backUpNow(st);
    expect(first.lastError).toBeNull();
    const good = first.backups[0];
    // the disk fills up: less room than another copy needs
    const { bavail, bsize } = statfsSync(folder);
    const filler = join(folder, 'filler.bin');
    writeFileSync(filler, Buffer.alloc(Math.max(0, bavail * bsize - Math.floor(good.bytes / 2))));

    st.setNow('2026-11-29T03:00:00Z');
    await relogin(st);
    await register(st, '第二位');
    const failed = await backUpNow(st);
    expect(failed.lastError).toEqual({ key: 'diskFull', detail: null });
    // nothing of the failed copy stays; the earlier backup is listed and opens
    expect(readdirSync(folder).sort()).toEqual(['filler.bin', good.file, good.file.replace('.sqlite', '.json')].sort());
    expect(failed.backups.map((b) => b.file)).toEqual([good.file]);
    expect(await opensWith(st, folder, good.file)).toBe(1);
    // the head's home screen says why, until a backup succeeds
    expect(await call(st, 'backup.age')).toMatchObject({ lastError: { key: 'diskFull', detail: null } });
    await relogin(st);
    expect(await call(st, 'backup.age')).toMatchObject({ lastError: { key: 'diskFull' } });

    rmSync(filler);
    const again = await backUpNow(st);
    expect(again.lastError).toBeNull();
    expect(again.backups).toHaveLength(2);
    expect(await call(st, 'backup.age')).toMatchObject({ lastError: null, stale: false });
  });

  it('a crash in the middle of a restore leaves a whole database when the app starts again', () => {
    const dir = mkdtempSync(join(tmpdir(), 'station-restore-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const db = join(dir, DATABASE_FILE);
    const staging = `${db}.restoring`;
    const aside = join(dir, 'aside.sqlite');
    const journal = join(dir, 'restore-journal.json');
    // crashed after the current database moved aside, before the copy took its name
    writeFileSync(staging, 'restored');
    writeFileSync(aside, 'current');
    writeFileSync(journal, JSON.stringify({ staging, aside }));
    recoverRestore(dir, db);
    expect(readFileSync(db, 'utf8')).toBe('restored');
    expect(existsSync(journal)).toBe(false);
    // crashed before the current database moved: the staged copy is dropped
    writeFileSync(staging, 'restored');
    writeFileSync(journal, JSON.stringify({ staging, aside }));
    writeFileSync(db, 'current');
    recoverRestore(dir, db);
    expect(readFileSync(db, 'utf8')).toBe('current');
    expect(existsSync(staging)).toBe(false);
  });
});

describe('restore and sync with the real HQ', () => {
  let store: HqStore;
  let hq: TestHq;
  beforeAll(async () => {
    store = await newStore('sqlite');
    hq = await startHq(store);
  });
  afterAll(async () => {
    await hq?.close();
    await store?.drop();
  });

  const scenario = async (code: string, forgetCurrent: boolean) => {
    const st = await station();
    await enrol(st, hq, code);
    const uuid = await stationUuid(st.core);
    await call(st, 'backup.settings', { folder: backupFolder(), enabled: true, intervalHours: 24 });
    await register(st, '张三');
    await st.core.sync.round();
    const [b] = (await backUpNow(st)).backups;
    // after the backup: more work, sent to HQ, then the disk "breaks"
    await register(st, '李四');
    await register(st, '王五');
    await st.core.sync.round();
    await call(st, 'backup.restore', { file: b.file, confirm: true });
    if (forgetCurrent) {
      // as on a new disk: nothing of the lost database is known, the restored sequence is all there is
      const [{ seq }] = await st.core.dataSource.query(`SELECT max("seq") AS seq FROM "sync_outbox"`);
      await st.core.dataSource.query(`UPDATE "sqlite_sequence" SET "seq" = ? WHERE "name" = 'sync_outbox'`, [seq]);
      await st.core.dataSource.query(`UPDATE "sync_state" SET "restoredSeq" = ?`, [seq]);
    }
    const before = await hqRows(hq.db, uuid);
    await register(st, '赵六');
    const round = await st.core.sync.round();
    const after = await hqRows(hq.db, uuid);
    // HQ got what the station wrote after the restore (the walk-in, its audit is not synced), nothing twice
    const mine = await stationRows(st.core);
    expect(mine.filter((r) => !after.includes(r))).toEqual([]);
    expect(after.length - before.length).toBe(round.pushed);
    expect(round.rejected).toBe(0);
    const status = await call(st, 'sync.status');
    expect(status.lastError).toBeNull();
    expect(status.backlog).toBe(0);
    // and the walk-ins written before the disk broke are still at HQ
    expect(after.filter((r) => r.startsWith('walk_in/')).length).toBe(4);
  };

  it('after a restore the station sends what it writes next, after HQ cursor, and nothing twice', () => scenario('SY-NJ-101', false));
  it('the same when the database the restore replaced is not known (a new disk)', () => scenario('SY-NJ-102', true));
});
