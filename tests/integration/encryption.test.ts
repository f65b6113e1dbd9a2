import { createHash } from 'node:crypto';
import { chmodSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE, openCore, type Core } from '../../src/main/core.js';
import { closeRaw, isPlainSqlite, openRaw, tableCounts } from '../../src/main/db/cipherFile.js';
import { encryptingFile, encryptInPlace, type EncryptStep } from '../../src/main/db/dataSource.js';
import { isEncryptedFile } from '../../src/main/db/fileCipher.js';
import { DatabaseKeyError, KEY_FILE, keyFileProvider, passphraseProvider } from '../../src/main/db/key.js';
import type { FileContent, MediationCase } from '../../src/shared/mediation/contract.js';
import { HEAD, ok, setUpStation, STATION_PROFILE, tempDataDir, walkIn, type TestStation } from '../helpers/station.js';
import { caseApi } from './mediation.helpers.js';

/** A name that appears nowhere but in the walk-in registered: found in the bytes, it leaked. */
const NAME = '欧阳明华';
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const silent = pino({ level: 'silent' });
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const leaks = (file: string) => {
  const bytes = readFileSync(file);
  return { header: bytes.subarray(0, 16).toString('latin1').startsWith('SQLite format 3'), name: bytes.includes(Buffer.from(NAME, 'utf8')) };
};

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

const station = async (): Promise<TestStation> => {
  const st = await setUpStation();
  cleanups.push(() => st.close());
  return st;
};

const register = (st: { core: Core; token: string }, name = NAME) => ok(st.core.call('intake.register', walkIn({ visitorName: name }), { token: st.token }));

describe('encryption at rest', () => {
  it('the database file and its WAL hold no SQLite header and no name from the data', async () => {
    const st = await station();
    await register(st);
    // the write is in the WAL until the next checkpoint: the WAL is checked as it is now
    const wal = join(st.dir, `${DATABASE_FILE}-wal`);
    expect(existsSync(wal)).toBe(true);
    expect(readFileSync(wal).length).toBeGreaterThan(0);
    expect(leaks(wal)).toEqual({ header: false, name: false });
    await st.core.dataSource.query('PRAGMA wal_checkpoint(TRUNCATE)');
    expect(leaks(join(st.dir, DATABASE_FILE))).toEqual({ header: false, name: false });
    expect((await st.core.dataSource.query('PRAGMA cipher_version'))[0].cipher_version).toMatch(/^4\./);
    // the key file is the owner's alone
    expect(readdirSync(st.dir)).toContain(KEY_FILE);
  });

  it('opens again with its key, and with a wrong key opens nothing and changes nothing (message in Chinese and English)', async () => {
    const temp = tempDataDir();
    cleanups.push(temp.remove);
    let core = await openCore({ dataDir: temp.dir, logger: silent });
    await core.close();
    core = await openCore({ dataDir: temp.dir, logger: silent });
    await core.close();
    const file = join(temp.dir, DATABASE_FILE);
    const before = sha256(readFileSync(file));
    writeFileSync(join(temp.dir, KEY_FILE), 'ab'.repeat(32), { mode: 0o600 });
    const failure = await openCore({ dataDir: temp.dir, logger: silent }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(DatabaseKeyError);
    expect((failure as DatabaseKeyError).reason).toBe('wrongKey');
    expect((failure as Error).message).toContain('密钥不正确');
    expect((failure as Error).message).toContain('the key is wrong');
    expect(sha256(readFileSync(file))).toBe(before);
    // the lock was given back: with the right key the directory opens
    expect(existsSync(join(temp.dir, 'station.lock'))).toBe(false);
  });

  it('refuses a key file others can read, and never makes a new key for an encrypted database whose key is gone', async () => {
    const temp = tempDataDir();
    cleanups.push(temp.remove);
    await (await openCore({ dataDir: temp.dir, logger: silent })).close();
    chmodSync(join(temp.dir, KEY_FILE), 0o644);
    await expect(openCore({ dataDir: temp.dir, logger: silent })).rejects.toMatchObject({ reason: 'keyFileOpen', message: expect.stringContaining('chmod 600') });
    rmSync(join(temp.dir, KEY_FILE));
    await expect(openCore({ dataDir: temp.dir, logger: silent })).rejects.toMatchObject({ reason: 'keyMissing' });
    expect(existsSync(join(temp.dir, KEY_FILE))).toBe(false);
  });

  it('a passphrase given at start opens the same database again; another passphrase does not', async () => {
    const temp = tempDataDir();
    cleanups.push(temp.remove);
    const open = (p: string) => openCore({ dataDir: temp.dir, logger: silent, databaseKey: passphraseProvider(temp.dir, p) });
    await (await open('繁荣社区 2026 口令')).close();
    await (await open('繁荣社区 2026 口令')).close();
    await expect(open('another passphrase')).rejects.toMatchObject({ reason: 'wrongKey' });
    expect(existsSync(join(temp.dir, KEY_FILE))).toBe(false);
  });

  it('encrypts a plain database from an earlier version in place; a crash between any two steps leaves a usable database', async () => {
    const temp = tempDataDir();
    cleanups.push(temp.remove);
    const file = join(temp.dir, DATABASE_FILE);
    // an earlier version's station: plain SQLite with a walk-in in it
    const old = await openCore({ dataDir: temp.dir, logger: silent, databaseKey: 'none' });
    await ok(old.call('station.setup', { station: STATION_PROFILE, head: HEAD }));
    const { token } = await ok<{ token: string }>(old.call('auth.login', { username: 'wang', password: 'Start2026' }));
    await register({ core: old, token });
    await old.close();
    expect(isPlainSqlite(file)).toBe(true);
    expect(leaks(file).name).toBe(true);
    const key = await keyFileProvider(temp.dir).get();
    const plainCounts = async () => {
      const db = await openRaw(file, null, { readOnly: true });
      try {
        return await tableCounts(db);
      } finally {
        await closeRaw(db);
      }
    };
    const counts = await plainCounts();
    expect(counts.walk_in).toBe(1);

    for (const step of ['exported', 'verified'] as EncryptStep[]) {
      await expect(
        encryptInPlace(file, key, (s) => {
          if (s === step) throw new Error(`crash after ${s}`);
        }),
      ).rejects.toThrow(`crash after ${step}`);
      // the plain database is untouched and whole; the half-done copy waits to be thrown away
      expect(isPlainSqlite(file)).toBe(true);
      expect(await plainCounts()).toEqual(counts);
      expect(existsSync(encryptingFile(file))).toBe(true);
    }
    // a crash in the middle of the copy: a torn file where the copy goes
    writeFileSync(encryptingFile(file), Buffer.alloc(5000, 7));

    const core = await openCore({ dataDir: temp.dir, logger: silent });
    cleanups.push(() => core.close());
    expect(existsSync(encryptingFile(file))).toBe(false);
    expect(leaks(file)).toEqual({ header: false, name: false });
    const rows = await core.dataSource.query(`SELECT "visitorName" FROM "walk_in"`);
    expect(rows).toEqual([{ visitorName: NAME }]);
    const login = await ok<{ token: string }>(core.call('auth.login', { username: 'wang', password: 'Start2026' }));
    await register({ core, token: login.token }, '李四');
    expect((await core.dataSource.query(`SELECT count(*) AS n FROM "walk_in"`))[0].n).toBe(2);
  });

  it('attachments are sealed on disk; plain files from an earlier version are sealed at start and still verify', async () => {
    const st = await setUpStation();
    cleanups.push(() => rmSync(st.dir, { recursive: true, force: true }));
    const c = await caseApi(st).open();
    const attached = await ok<MediationCase>(
      st.core.call('mediation.attachFile', { id: c.id, kind: 'photo', fileName: '现场.png', content: PNG }, { token: st.token }),
    );
    const f = attached.files.at(-1)!;
    const path = join(st.dir, 'mediation-files', c.id, `${f.id}.png`);
    expect(isEncryptedFile(readFileSync(path))).toBe(true);
    expect(readFileSync(path).includes(PNG.subarray(8, 24))).toBe(false);
    // as an earlier version left it: the plain bytes
    writeFileSync(path, PNG);
    await st.core.close();
    const core = await openCore({ dataDir: st.dir, logger: silent });
    cleanups.push(() => core.close());
    expect(isEncryptedFile(readFileSync(path))).toBe(true);
    expect(relative(st.dir, path)).toBe(`mediation-files/${c.id}/${f.id}.png`);
    const { token } = await ok<{ token: string }>(core.call('auth.login', { username: 'wang', password: 'Start2026' }));
    const back = await ok<FileContent>(core.call('mediation.fileContent', { id: c.id, fileId: f.id }, { token }));
    expect(Buffer.from(back.base64, 'base64').equals(PNG)).toBe(true);
    expect(back.sha256).toBe(sha256(PNG));
  });
});
