/**
 * The head's recovery key, through the key provider interface: a station set up on one PC backs up;
 * a new PC (a fresh data directory whose OS key store never saw that station's key) restores the
 * backup with the recovery key and keeps the key in its own store from then on.
 */
import { readDetail } from '../../src/shared/audit/details.js';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { recoverRestore } from '../../src/main/backup/restore.js';
import { makeRecoveryKey, parseRecoveryKey } from '../../src/main/backup/recovery.js';
import { DATABASE_FILE, openCore } from '../../src/main/core.js';
import { keyIdOf, passphraseProvider, type KeyProvider } from '../../src/main/db/key.js';
import type { BackupStatus, RecoverySheet } from '../../src/shared/backup/contract.js';
import { HEAD, ok, relogin, setUpStation, sql, tempDataDir, walkIn, type TestStation } from '../helpers/station.js';
import { caseApi } from './mediation.helpers.js';

/** A real 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

/**
 * Test double of a PC's OS key store: holds the key in memory (so nothing of it is on disk, as
 * with safeStorage) and records what the core asked of it.
 */
class RecordingKeyStore implements KeyProvider {
  asked: ('get' | 'store')[] = [];
  held: Buffer | null = null;

  async get() {
    this.asked.push('get');
    this.held ??= randomBytes(32);
    return this.held;
  }

  async store(key: Buffer) {
    this.asked.push('store');
    this.held = Buffer.from(key);
  }
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

const backupFolder = () => {
  const dir = mkdtempSync(join(tmpdir(), 'station-backups-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
};

const pc = async (keys: KeyProvider) => {
  const st = await setUpStation({ databaseKey: keys });
  // the core a test opened again in its place is the one closed
  cleanups.push(async () => {
    await st.core.close().catch(() => undefined);
    rmSync(st.dir, { recursive: true, force: true });
  });
  return st;
};

const call = <T = any>(st: TestStation, method: string, input: unknown = {}) => ok<T>(st.core.call(method, input, { token: st.token }));
const refused = async (st: TestStation, method: string, input: unknown) => {
  const r = await st.core.call(method, input, { token: st.token });
  if (r.ok) throw new Error(`${method} was not refused`);
  return r.error!;
};

const backUpNow = async (st: TestStation): Promise<BackupStatus> => {
  await call(st, 'backup.now');
  while (st.core.backup.isRunning()) await new Promise((r) => setTimeout(r, 50)); // until the copy ends, however long a loaded machine takes
  return call<BackupStatus>(st, 'backup.status');
};

/** The old PC: a station with a walk-in and an evidence photo, its head's recovery key, one backup. */
const oldPc = async (folder: string) => {
  const keys = new RecordingKeyStore();
  const st = await pc(keys);
  await call(st, 'intake.register', walkIn({ visitorName: '欧阳明华' }));
  const c = await caseApi(st).open();
  const attached = await call<{ files: { id: string }[] }>(st, 'mediation.attachFile', { id: c.id, kind: 'photo', fileName: '现场.png', content: PNG });
  const sheet = await call<RecoverySheet>(st, 'backup.recoveryShow', { password: HEAD.password });
  await call(st, 'backup.settings', { folder, enabled: false, intervalHours: 24 });
  const status = await backUpNow(st);
  expect(status.lastError).toBeNull();
  return { st, keys, sheet, caseId: c.id, fileId: attached.files[0].id, backup: status.backups[0] };
};

/** A new PC: its own station (set up to reach the restore screen), pointed at the same backup folder. */
const newPc = async (folder: string) => {
  const keys = new RecordingKeyStore();
  const st = await pc(keys);
  await call(st, 'intake.register', walkIn({ visitorName: '新电脑上的来访' }));
  await call(st, 'backup.settings', { folder, enabled: false, intervalHours: 24 });
  return { st, keys };
};

const walkInNames = async (st: TestStation) => (await sql<{ n: string }>(st, `SELECT "visitorName" AS "n" FROM "walk_in" ORDER BY "n"`)).map((r) => r.n);

describe('recovery key', () => {
  it('is shown to the head’s own password only, printed as eight groups of four, and the same when shown again', async () => {
    const st = await pc(new RecordingKeyStore());
    expect(await call(st, 'backup.recoveryStatus')).toEqual({ made: false, createdAt: null });
    const wrong = await refused(st, 'backup.recoveryShow', { password: 'not-the-password' });
    expect(wrong).toMatchObject({ code: 'VALIDATION', key: 'backup.wrongPassword', field: 'password' });
    const sheet = await call<RecoverySheet>(st, 'backup.recoveryShow', { password: HEAD.password });
    expect(sheet.recoveryKey).toMatch(/^([0-9A-Z]{4}-){7}[0-9A-Z]{4}$/);
    expect(sheet).toMatchObject({ stationName: '宁江区繁荣社区警务室', stationCode: 'SY-NJ-001' });
    expect('body' in parseRecoveryKey(sheet.recoveryKey)).toBe(true);
    expect((await call<RecoverySheet>(st, 'backup.recoveryShow', { password: HEAD.password })).recoveryKey).toBe(sheet.recoveryKey);
    expect(await call(st, 'backup.recoveryStatus')).toEqual({ made: true, createdAt: sheet.createdAt });
    // a wrong password on the sheet counts like a failed login, and the showing is audited
    const audit = await sql<{ method: string; detail: string | null }>(st, `SELECT "method", "detail" FROM "audit_log" WHERE "method" = 'backup.recoveryShow' ORDER BY "rowid"`);
    expect(audit.map((a) => readDetail(a.detail))).toEqual([
      { kind: 'passwordRefused', action: 'recoverySheet', cause: { kind: 'failedAttempt', n: 1 } },
      { kind: 'recoveryKeyMade', backupsUpdated: 0 },
      { kind: 'recoverySheetShown' },
    ]);
  });

  it('tells a mistyped key from a wrong one, and reads a key typed in any case, without dashes, O for 0', () => {
    const key = makeRecoveryKey();
    const typed = key.toLowerCase().replaceAll('-', ' ').replaceAll('0', 'o').replaceAll('1', 'l');
    expect(parseRecoveryKey(typed)).toEqual(parseRecoveryKey(key));
    // one character read wrong off the sheet
    const at = 5;
    const other = key[at] === 'A' ? 'B' : 'A';
    expect(parseRecoveryKey(key.slice(0, at) + other + key.slice(at + 1))).toEqual({ problem: 'mistyped' });
    expect(parseRecoveryKey(key.slice(0, -1))).toEqual({ problem: 'malformed' });
    expect(parseRecoveryKey(`${key}U`)).toEqual({ problem: 'malformed' });
  });
});

describe('restore on a new PC with the recovery key', () => {
  it('asks for the key, refuses a mistyped or wrong one with nothing changed, restores with the right one, and the new PC keeps the key', async () => {
    const folder = backupFolder();
    const old = await oldPc(folder);
    expect(old.backup).toMatchObject({ sealedHere: true, recoverable: true });
    const oldKey = old.keys.held!;
    const fresh = await newPc(folder);
    const newKey = Buffer.from(fresh.keys.held!);
    expect(newKey.equals(oldKey)).toBe(false);

    // the new PC sees the backup as another PC's, which the recovery key opens
    const [listed] = (await call<BackupStatus>(fresh.st, 'backup.status')).backups;
    expect(listed).toMatchObject({ file: old.backup.file, sealedHere: false, recoverable: true });

    const file = old.backup.file;
    expect(await refused(fresh.st, 'backup.preview', { file })).toMatchObject({ key: 'backup.recoveryKeyNeeded', field: 'recoveryKey' });
    const k = old.sheet.recoveryKey;
    const mistyped = k.slice(0, 2) + (k[2] === 'A' ? 'B' : 'A') + k.slice(3);
    expect(await refused(fresh.st, 'backup.preview', { file, recoveryKey: mistyped })).toMatchObject({ code: 'VALIDATION', key: 'backup.recoveryKeyMistyped', field: 'recoveryKey' });
    expect(await refused(fresh.st, 'backup.preview', { file, recoveryKey: makeRecoveryKey() })).toMatchObject({ code: 'VALIDATION', key: 'backup.recoveryKeyWrong' });
    expect(await refused(fresh.st, 'backup.restore', { file, confirm: true, recoveryKey: makeRecoveryKey() })).toMatchObject({ key: 'backup.recoveryKeyWrong' });
    expect(await refused(fresh.st, 'backup.restore', { file, confirm: true })).toMatchObject({ key: 'backup.recoveryKeyNeeded' });
    // nothing was lost or changed: the new PC's own data and its own key
    expect(await walkInNames(fresh.st)).toEqual(['新电脑上的来访']);
    expect(fresh.keys.asked).not.toContain('store');
    expect(fresh.keys.held!.equals(newKey)).toBe(true);

    // typed as a person types it off the sheet
    const typed = k.toLowerCase().replaceAll('-', ' ');
    const preview = await call(fresh.st, 'backup.preview', { file, recoveryKey: typed });
    expect(preview).toMatchObject({ integrity: 'ok', found: { walk_in: 1 }, filesFound: 1 });
    const restored = await call(fresh.st, 'backup.restore', { file, confirm: true, recoveryKey: typed });
    expect(restored.restoredFrom).toBe(file);

    // the new PC's store now holds the old station's key; the data is the old station's
    expect(fresh.keys.asked.at(-1)).toBe('store');
    expect(fresh.keys.held!.equals(oldKey)).toBe(true);
    expect(await walkInNames(fresh.st)).toEqual(['欧阳明华']);
    await relogin(fresh.st);
    const photo = await call<{ base64: string }>(fresh.st, 'mediation.fileContent', { id: old.caseId, fileId: old.fileId });
    expect(Buffer.from(photo.base64, 'base64').equals(PNG)).toBe(true);
    const audit = await sql<{ method: string; detail: string }>(fresh.st, `SELECT "method", "detail" FROM "audit_log" WHERE "method" IN ('backup.preview', 'backup.restore') ORDER BY "rowid"`);
    expect(audit.at(-1)).toMatchObject({ method: 'backup.restore' });
    expect(readDetail(audit.at(-1)!.detail)).toMatchObject({ kind: 'backupRestoredWithRecoveryKey' });
    // the printed sheet stays good on the new PC: the same key is shown there
    expect((await call<RecoverySheet>(fresh.st, 'backup.recoveryShow', { password: HEAD.password })).recoveryKey).toBe(k);

    // the new PC starts again with only its own store: the restored database opens
    await fresh.st.core.close();
    const again = await openCore({ dataDir: fresh.st.dir, logger: pino({ level: 'silent' }), databaseKey: fresh.keys });
    fresh.st.core = again;
    await relogin(fresh.st);
    expect(await walkInNames(fresh.st)).toEqual(['欧阳明华']);
    // and its next backup is its own: sealed here, still recoverable with the same sheet
    const next = await backUpNow(fresh.st);
    expect(next.backups[0]).toMatchObject({ sealedHere: true, recoverable: true });
  });

  it('a new recovery key makes the old one open nothing, in the data directory and in the backups', async () => {
    const folder = backupFolder();
    const old = await oldPc(folder);
    const renewed = await call<RecoverySheet>(old.st, 'backup.recoveryRenew', { password: HEAD.password, confirm: true });
    expect(renewed.recoveryKey).not.toBe(old.sheet.recoveryKey);
    expect(renewed.backupsUpdated).toBe(1);
    expect((await call<RecoverySheet>(old.st, 'backup.recoveryShow', { password: HEAD.password })).recoveryKey).toBe(renewed.recoveryKey);

    const fresh = await newPc(folder);
    const file = old.backup.file;
    expect(await refused(fresh.st, 'backup.preview', { file, recoveryKey: old.sheet.recoveryKey })).toMatchObject({ key: 'backup.recoveryKeyWrong' });
    expect(await refused(fresh.st, 'backup.restore', { file, confirm: true, recoveryKey: old.sheet.recoveryKey })).toMatchObject({ key: 'backup.recoveryKeyWrong' });
    await call(fresh.st, 'backup.restore', { file, confirm: true, recoveryKey: renewed.recoveryKey });
    expect(await walkInNames(fresh.st)).toEqual(['欧阳明华']);
  });

  it('a data directory whose key follows from a start-up passphrase says it cannot take another key, and keeps its own data', async () => {
    const folder = backupFolder();
    const old = await oldPc(folder);
    const temp = tempDataDir();
    const st = await setUpStation({ dir: temp.dir, databaseKey: passphraseProvider(temp.dir, 'Station passphrase 2026') });
    cleanups.push(async () => {
      await st.core.close().catch(() => undefined);
      temp.remove();
    });
    await call(st, 'intake.register', walkIn({ visitorName: '新电脑上的来访' }));
    await call(st, 'backup.settings', { folder, enabled: false, intervalHours: 24 });
    const answer = await refused(st, 'backup.restore', { file: old.backup.file, confirm: true, recoveryKey: old.sheet.recoveryKey });
    expect(answer).toMatchObject({ code: 'CONFLICT', key: 'backup.keyFixed' });
    expect(await walkInNames(st)).toEqual(['新电脑上的来访']);
    // and it still opens with its passphrase
    await st.core.close();
    st.core = await openCore({ dataDir: temp.dir, logger: pino({ level: 'silent' }), databaseKey: passphraseProvider(temp.dir, 'Station passphrase 2026') });
    expect(await walkInNames(st)).toEqual(['新电脑上的来访']);
  });

  it('a start after a crash in the middle of such a restore follows the key the PC keeps', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'station-desk-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const db = join(dir, DATABASE_FILE);
    const journal = (keyId: string) =>
      writeFileSync(join(dir, 'restore-journal.json'), JSON.stringify({ staging: `${db}.restoring`, aside: join(dir, 'aside.sqlite'), keyId }));
    const backupKey = randomBytes(32);
    // the key was kept before the crash: the staged copy (under that key) takes the database's place
    writeFileSync(db, 'under the old key');
    writeFileSync(`${db}.restoring`, 'under the kept key');
    journal(keyIdOf(backupKey));
    recoverRestore(dir, db, keyIdOf(backupKey));
    expect(readFileSync(db, 'utf8')).toBe('under the kept key');
    expect(readFileSync(join(dir, 'aside.sqlite'), 'utf8')).toBe('under the old key');
    // the crash came before the key was kept: the database stays, the staged copy goes
    writeFileSync(`${db}.restoring`, 'under the backup key');
    journal(keyIdOf(backupKey));
    recoverRestore(dir, db, keyIdOf(randomBytes(32)));
    expect(readFileSync(db, 'utf8')).toBe('under the kept key');
    expect(() => readFileSync(`${db}.restoring`)).toThrow();
  });
});

describe('restore at first run on a new PC', () => {
  it('lists, previews and restores a backup before any station is set up here, then answers no more', async () => {
    const folder = backupFolder();
    const old = await oldPc(folder);
    const keys = new RecordingKeyStore();
    const temp = tempDataDir();
    cleanups.push(() => temp.remove());
    let core = await openCore({ dataDir: temp.dir, logger: pino({ level: 'silent' }), databaseKey: keys });
    cleanups.push(() => core.close().catch(() => undefined));
    // no session: nobody can log in on a PC where no station is set up
    const anon = (method: string, input: unknown) => core.call(method, input, {});

    const listed = await ok<{ file: string; sealedHere: boolean; recoverable: boolean }[]>(anon('backup.firstRunList', { folder }));
    expect(listed).toEqual([expect.objectContaining({ file: old.backup.file, sealedHere: false, recoverable: true })]);
    const file = old.backup.file;
    expect(await anon('backup.firstRunPreview', { folder, file })).toMatchObject({ ok: false, error: { key: 'backup.recoveryKeyNeeded' } });
    expect(await anon('backup.firstRunPreview', { folder, file, recoveryKey: makeRecoveryKey() })).toMatchObject({ ok: false, error: { key: 'backup.recoveryKeyWrong' } });
    const preview = await ok(anon('backup.firstRunPreview', { folder, file, recoveryKey: old.sheet.recoveryKey }));
    expect(preview).toMatchObject({ integrity: 'ok', found: { walk_in: 1 } });
    await ok(anon('backup.firstRunRestore', { folder, file, confirm: true, recoveryKey: old.sheet.recoveryKey }));

    // the PC is now the old station: its head logs in with the old password, the walk-in is there
    expect(await ok(anon('station.status', {}))).toMatchObject({ setUp: true });
    const { token } = await ok<{ token: string }>(anon('auth.login', { username: HEAD.username, password: HEAD.password }));
    const names = await core.dataSource.query(`SELECT "visitorName" AS "n" FROM "walk_in"`);
    expect(names).toEqual([{ n: '欧阳明华' }]);
    expect(keys.held!.equals(old.keys.held!)).toBe(true);
    // it goes on backing up to the folder it came back from
    expect(await ok(core.call('backup.status', {}, { token }))).toMatchObject({ folder, enabled: true });

    // with a station here, the first-run methods answer nothing, whoever asks
    for (const [method, input] of [
      ['backup.firstRunList', { folder }],
      ['backup.firstRunPreview', { folder, file, recoveryKey: old.sheet.recoveryKey }],
      ['backup.firstRunRestore', { folder, file, confirm: true, recoveryKey: old.sheet.recoveryKey }],
    ] as const) {
      expect(await core.call(method, input, {}), method).toMatchObject({ ok: false, error: { code: 'CONFLICT', key: 'station.alreadySetUp' } });
    }
    // the restored station starts again from its own data directory with the key this PC keeps
    await core.close();
    core = await openCore({ dataDir: temp.dir, logger: pino({ level: 'silent' }), databaseKey: keys });
    expect(await ok(core.call('station.status', {}, {}))).toMatchObject({ setUp: true });
  });
});
