/**
 * The recovery key: only the head, and only with their password, gets or renews it; it is found
 * nowhere on disk (data directory, backups), in the logs or in the audit log; and guessing it at a
 * restore is limited, whichever session or terminal the guesses come from.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { makeRecoveryKey } from '../../src/main/backup/recovery.js';
import { keyFileProvider } from '../../src/main/db/key.js';
import type { BackupStatus, RecoverySheet } from '../../src/shared/backup/contract.js';
import { addStaff, HEAD, ok, setUpStation, sql, STAFF_PASSWORD, walkIn, type TestStation } from '../helpers/station.js';
import { lanAddress, lanStation, securitySuite, type LanStation } from './harness.js';

const backUpNow = async (st: TestStation): Promise<BackupStatus> => {
  await ok(st.core.call('backup.now', {}, { token: st.token }));
  while (st.core.backup.isRunning()) await new Promise((r) => setTimeout(r, 50)); // until the copy ends, however long a loaded machine takes
  return ok(st.core.call('backup.status', {}, { token: st.token }));
};

/** Every file under a folder, with its bytes. */
const filesUnder = (dir: string): { path: string; bytes: Buffer }[] =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
    .map((path) => ({ path, bytes: readFileSync(path) }));

/** The ways a key could be written down: as printed, without dashes, in lower case, as UTF-16. */
const spellings = (key: string): Buffer[] => {
  const plain = key.replaceAll('-', '');
  return [key, plain, key.toLowerCase(), plain.toLowerCase()].flatMap((s) => [Buffer.from(s), Buffer.from(s, 'utf16le')]);
};

describe.skipIf(!lanAddress)('the recovery key (skipped where this machine has no LAN address)', () => {
  const attack = securitySuite('key recovery');
  let lan: LanStation;
  /** another PC's station, whose backup lies in the folder the LAN station restores from */
  let other: TestStation;
  let otherSheet: RecoverySheet;
  /** the other station's first recovery key, renewed since */
  let renewedKey: string;
  let folder: string;
  /** what the other station's core logged, every level */
  const logged: string[] = [];
  let headToken: string;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'station-backups-'));
    const logger = pino({ level: 'trace' }, { write: (line: string) => void logged.push(line) });
    other = await setUpStation({ logger });
    await ok(other.core.call('intake.register', walkIn({ visitorName: '欧阳明华' }), { token: other.token }));
    otherSheet = await ok(other.core.call('backup.recoveryShow', { password: HEAD.password }, { token: other.token }));
    await ok(other.core.call('backup.settings', { folder, enabled: false, intervalHours: 24 }, { token: other.token }));
    await backUpNow(other);
    // the recovery key renewed once: both keys must stay off the disk
    renewedKey = otherSheet.recoveryKey;
    otherSheet = await ok(other.core.call('backup.recoveryRenew', { password: HEAD.password, confirm: true }, { token: other.token }));
    await backUpNow(other);
    lan = await lanStation();
    headToken = (await lan.login(HEAD.username, HEAD.password)).json.result.token;
    await ok(lan.st.core.call('backup.settings', { folder, enabled: false, intervalHours: 24 }, { token: lan.st.token }));
  });
  afterAll(async () => {
    await lan?.close();
    await other?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  attack('each role but the head asks for, or renews, the recovery key with their own password', async () => {
    for (const role of ['officer', 'auxiliary', 'gridWorker', 'mediator'] as const) {
      const staff = await addStaff(lan.st, role);
      const { token } = (await lan.login(staff.username, STAFF_PASSWORD)).json.result;
      for (const [method, input] of [
        ['backup.recoveryShow', { password: STAFF_PASSWORD }],
        ['backup.recoveryRenew', { password: STAFF_PASSWORD, confirm: true }],
        ['backup.recoveryStatus', {}],
      ] as const) {
        const r = await lan.call(method, input, token);
        expect(r.json.ok, `${role} ${method}`).toBe(false);
        expect(r.json.error.code).toBe('FORBIDDEN');
      }
      const restore = await lan.call('backup.restore', { file: (await lan.call('backup.status', {}, headToken)).json.result.backups[0].file, confirm: true, recoveryKey: otherSheet.recoveryKey }, token);
      expect(restore.json.error.code).toBe('FORBIDDEN');
    }
  });

  attack('a paired terminal without a session asks for the recovery key', async () => {
    for (const method of ['backup.recoveryShow', 'backup.recoveryRenew']) {
      const r = await lan.call(method, { password: HEAD.password, confirm: true });
      expect(r.json.error.code).toBe('UNAUTHENTICATED');
    }
  });

  attack('a head session left open: the recovery sheet without the password', async () => {
    const r = await lan.call('backup.recoveryShow', { password: 'Guess2026' }, headToken);
    expect(r.json.ok).toBe(false);
    expect(r.json.error).toMatchObject({ code: 'VALIDATION', key: 'backup.wrongPassword', field: 'password' });
    expect(r.body).not.toMatch(/[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/);
    const renew = await lan.call('backup.recoveryRenew', { password: 'Guess2026', confirm: true }, headToken);
    expect(renew.json.error.key).toBe('backup.wrongPassword');
    // the key was not renewed: the sheet shown with the password is still the one made first
    const shown = await lan.call('backup.recoveryShow', { password: HEAD.password }, headToken);
    const again = await lan.call('backup.recoveryShow', { password: HEAD.password }, headToken);
    expect(shown.json.result.recoveryKey).toBe(again.json.result.recoveryKey);
  });

  attack('the recovery key, old or new, read from the data directory, the backups, the logs or the audit log', async () => {
    expect(logged.length).toBeGreaterThan(0);
    const everything = [...filesUnder(other.dir), ...filesUnder(folder)];
    expect(everything.some((f) => f.path.endsWith('.json') && f.path.includes('station-backup-'))).toBe(true);
    const audit = await sql<{ detail: string | null }>(other, `SELECT "detail" FROM "audit_log"`);
    const databaseKey = await keyFileProvider(other.dir).get();
    for (const needle of [...spellings(otherSheet.recoveryKey), ...spellings(renewedKey), databaseKey, Buffer.from(databaseKey.toString('hex')), Buffer.from(databaseKey.toString('base64'))]) {
      for (const f of everything) {
        // the database key file is where the key provider keeps the database key, by design
        if (f.path.endsWith('station.key') && needle.equals(Buffer.from(databaseKey.toString('hex')))) continue;
        expect(f.bytes.includes(needle), f.path).toBe(false);
      }
      expect(logged.some((line) => line.includes(needle.toString('latin1')))).toBe(false);
      expect(audit.some((a) => (a.detail ?? '').includes(needle.toString('latin1')))).toBe(false);
    }
  });

  attack('the first-run restore from a LAN terminal, without a session, once a station is set up: nothing listed, opened or replaced, and no probing of folders', async () => {
    const file = (await lan.call('backup.status', {}, headToken)).json.result.backups[0].file as string;
    const answers: string[] = [];
    for (const [method, input] of [
      ['backup.firstRunList', { folder }],
      ['backup.firstRunList', { folder: '/no/such/folder' }],
      ['backup.firstRunPreview', { folder, file, recoveryKey: otherSheet.recoveryKey }],
      ['backup.firstRunRestore', { folder, file, confirm: true, recoveryKey: otherSheet.recoveryKey }],
    ] as const) {
      const r = await lan.call(method, input);
      expect(r.json, method).toMatchObject({ ok: false, error: { code: 'CONFLICT', key: 'station.alreadySetUp' } });
      answers.push(JSON.stringify(r.json));
    }
    // a folder that exists and one that does not get the same answer
    expect(answers[0]).toBe(answers[1]);
    expect(await sql(lan.st, `SELECT 1 FROM "walk_in" WHERE "visitorName" = '欧阳明华'`)).toEqual([]);
  });

  attack('guessing the recovery key at a restore: limited for everyone, the typed key echoed nowhere', async () => {
    const status = await lan.call('backup.status', {}, headToken);
    const file = status.json.result.backups[0].file as string;
    expect(status.json.result.backups[0]).toMatchObject({ sealedHere: false, recoverable: true });
    const secondHead = (await lan.login(HEAD.username, HEAD.password)).json.result.token as string;
    const guesses: string[] = [];
    for (let i = 0; i < 5; i++) {
      const guess = makeRecoveryKey();
      guesses.push(guess);
      // from two sessions (as from two terminals): they count together
      const r = i % 2 ? await lan.call('backup.preview', { file, recoveryKey: guess }, secondHead) : await lan.call('backup.restore', { file, confirm: true, recoveryKey: guess }, headToken);
      expect(r.json.error.key).toBe('backup.recoveryKeyWrong');
      expect(r.body).not.toContain(guess);
    }
    // now even the right key waits
    const limited = await lan.call('backup.preview', { file, recoveryKey: otherSheet.recoveryKey }, headToken);
    expect(limited.json.error).toMatchObject({ code: 'CONFLICT', key: 'backup.recoveryKeyLimited', params: { minutes: 15 } });
    // every try is in the audit log, without the key
    const audit = await sql<{ method: string; detail: string }>(lan.st, `SELECT "method", "detail" FROM "audit_log" WHERE "detail" LIKE '%"kind":"recoveryKeyRefused"%'`);
    expect(audit.length).toBe(6);
    for (const g of [...guesses, otherSheet.recoveryKey]) expect(audit.some((a) => a.detail.includes(g) || a.detail.includes(g.replaceAll('-', '')))).toBe(false);
    // nothing changed at the station meanwhile
    expect(await sql(lan.st, `SELECT 1 FROM "walk_in" WHERE "visitorName" = '欧阳明华'`)).toEqual([]);
    // a quarter of an hour on, the right key opens it
    lan.st.setNow(new Date(Date.now() + 16 * 60_000).toISOString());
    const head = (await lan.login(HEAD.username, HEAD.password)).json.result.token as string;
    const preview = await lan.call('backup.preview', { file, recoveryKey: otherSheet.recoveryKey }, head);
    expect(preview.json.ok).toBe(true);
  });
});
