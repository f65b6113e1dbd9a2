/**
 * HQ at rest: someone who gets HQ's database — SQL access to PostgreSQL, a copy of the SQLite file
 * and its WAL, a backup — reads none of the people the stations registered; HQ's files are its
 * user's alone; and HQ will not run on a key file others can read, or without its key.
 */
import { chmodSync, copyFileSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import sqlite3 from 'sqlite3';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { HQ_DATABASE_FILE, HQ_KEY_FILE, openHqDb, type HqDb } from '../../src/hq/db.js';
import { HqFoundation0001 } from '../../src/hq/migrations/0001-hq.js';
import { HqReleases0002 } from '../../src/hq/migrations/0002-releases.js';
import { HqTransfers0003 } from '../../src/hq/migrations/0003-transfers.js';
import { HqService } from '../../src/hq/service.js';
import { HqKeyError } from '../../src/hq/vault.js';
import { buildTree, idFor, person, roomOf } from '../integration/collection.helpers.js';
import { PG_URL, enrol, freePort, hqPayloads, hqRows, newStore, spawnHq, startHq, stationUuid, type HqStore, type TestHq } from '../helpers/hq.js';
import { ok, residentId, setUpStation, tempDataDir, walkIn, type TestStation } from '../helpers/station.js';
import { securitySuite } from './harness.js';

/** The people the station registers: what must not be readable at HQ without its key. */
const VISITOR = { name: '欧阳明远', idNumber: residentId('22070219780415731'), phone: '13876543219' };
const RESIDENT = { name: '司马静怡', idNumber: idFor('220702', '19850312', 47), phone: '15943218765' };
const MEDIATOR_PHONE = '13645678901';
const SECRETS = [VISITOR.name, VISITOR.idNumber, VISITOR.phone, RESIDENT.name, RESIDENT.idNumber, RESIDENT.phone, MEDIATOR_PHONE];

/**
 * The overview's days: the test station's clock stands at 2026-11-28 while HQ's runs on, and HQ
 * counts a station whose clock is that far off on the day HQ received its walk-ins.
 */
const OVERVIEW_DAYS = ['2026-11-28', new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date())].sort() as [string, string];

/** Which of the secrets a text (or the bytes of a file) holds. */
const leaked = (haystack: string | Buffer): string[] => {
  const text = Buffer.isBuffer(haystack) ? haystack.toString('latin1') : haystack;
  return SECRETS.filter((s) => text.includes(Buffer.isBuffer(haystack) ? Buffer.from(s, 'utf8').toString('latin1') : s));
};

/** A station that registers a walk-in and a resident and uploads them; HQ publishes a mediator with a phone. */
const stationSyncsPeople = async (hq: TestHq): Promise<{ st: TestStation; uuid: string; walkInId: string; residentId: string }> => {
  const st = await setUpStation();
  await enrol(st, hq);
  await hq.service.publish('mediators', undefined, { name: '调解员甲', specialties: ['family'], organisation: '区调委会', phone: MEDIATOR_PHONE, active: true }, 'admin');
  const w = await ok(st.core.call('intake.register', walkIn({ visitorName: VISITOR.name, idNumber: VISITOR.idNumber, phone: VISITOR.phone, note: `${VISITOR.name}反映邻里纠纷` }), { token: st.token }));
  const tree = await buildTree(st);
  await tree.call('collection.batchRooms', { buildingId: tree.building.id, units: 0, floors: 1, roomsPerFloor: 2 });
  const room = await roomOf(st, tree.building.id, null, '101');
  const r = await tree.call('collection.residentCreate', person({ name: RESIDENT.name, idNumber: RESIDENT.idNumber, phone: RESIDENT.phone, addressId: room }));
  await st.core.sync.round();
  const uuid = await stationUuid(st.core);
  // HQ does hold both people (opened with its key): the raw checks below are not vacuous
  const held = await hqRows(hq.db, uuid);
  expect(held).toContain(`walk_in/${w.id}@${w.version}`);
  expect(held.some((x) => x.startsWith(`resident/${r.id}@`))).toBe(true);
  const [visitor] = await hqPayloads(hq.db, `"tableName" = 'walk_in' AND "rowId" = ?`, [w.id]);
  expect(visitor).toMatchObject({ visitorName: VISITOR.name, idNumber: VISITOR.idNumber, phone: VISITOR.phone });
  return { st, uuid, walkInId: w.id, residentId: r.id };
};

/** Every row of every table of a PostgreSQL schema, as an attacker with SQL access reads it. */
const dumpPostgres = async (schema: string): Promise<string> => {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  try {
    const tables = (await c.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1`, [schema])).rows.map((r) => r.table_name as string);
    expect(tables).toContain('hq_row');
    let all = '';
    for (const t of tables) all += JSON.stringify((await c.query(`SELECT * FROM "${schema}"."${t}"`)).rows);
    return all;
  } finally {
    await c.end();
  }
};

/** Every row of every table of an SQLite file, read with a connection of the attacker's own. */
const dumpSqlite = (file: string): Promise<string> =>
  new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, sqlite3.OPEN_READONLY, (err) => err && reject(err));
    db.all(`SELECT name FROM sqlite_master WHERE type = 'table'`, async (err, tables: { name: string }[]) => {
      if (err) return reject(err);
      let all = '';
      for (const { name } of tables) {
        all += await new Promise<string>((res, rej) => db.all(`SELECT * FROM "${name}"`, (e, rows) => (e ? rej(e) : res(JSON.stringify(rows)))));
      }
      db.close(() => resolve(all));
    });
  });

/** HQ's schema before its rows were sealed. */
const OLD_MIGRATIONS = [HqFoundation0001, HqReleases0002, HqTransfers0003];

const mode = (path: string) => statSync(path).mode & 0o777;

describe('HQ at rest', () => {
  const attack = securitySuite('HQ at rest');

  describe('HQ on PostgreSQL', () => {
    let store: HqStore;
    let hq: TestHq;
    beforeAll(async () => {
      store = await newStore('postgres');
      hq = await startHq(store);
      await stationSyncsPeople(hq);
    });
    afterAll(async () => {
      await hq?.close();
      await store?.drop();
    });

    attack('reads every table of the PostgreSQL schema with SQL, looking for names, ID numbers and phones', async () => {
      const dump = await dumpPostgres(store.schema!);
      expect(dump.length).toBeGreaterThan(1000);
      expect(leaked(dump)).toEqual([]);
      // what the overview needs is still there in clear, and counted
      const o = await hq.service.overview(...OVERVIEW_DAYS);
      expect(o.totals.walkInTotal).toBe(1);
    });

    attack('reads the key file as another user of the HQ machine', async () => {
      expect(mode(store.keyFile!)).toBe(0o600);
    });

    attack('makes the key file world-readable: HQ refuses to start', async () => {
      chmodSync(store.keyFile!, 0o644);
      try {
        await expect(spawnHq(store, await freePort())).rejects.toThrow(/exited 2.*chmod 600/s);
        await expect(openHqDb({ url: store.url, schema: store.schema, keyFile: store.keyFile })).rejects.toThrow(HqKeyError);
      } finally {
        chmodSync(store.keyFile!, 0o600);
      }
    });

    attack('starts HQ on the database without its key file, or with another one', async () => {
      const other = tempDataDir();
      try {
        // missing: refused, and no new key is made over the data
        const missing = join(other.dir, 'none', HQ_KEY_FILE);
        await expect(openHqDb({ url: store.url, schema: store.schema, keyFile: missing })).rejects.toThrow(/key file .* is missing/);
        expect(existsSync(missing)).toBe(false);
        // another key: refused
        const wrong = join(other.dir, 'wrong.key');
        writeFileSync(wrong, `${'ab'.repeat(32)}\n`, { mode: 0o600 });
        await expect(openHqDb({ url: store.url, schema: store.schema, keyFile: wrong })).rejects.toThrow(/does not belong to this database/);
      } finally {
        other.remove();
      }
    });
  });

  describe('HQ on its embedded SQLite', () => {
    let store: HqStore;
    let hq: TestHq;
    let file: string;
    beforeAll(async () => {
      store = await newStore('sqlite');
      hq = await startHq(store);
      file = join(store.dataDir!, HQ_DATABASE_FILE);
      await stationSyncsPeople(hq);
    });
    afterAll(async () => {
      await hq?.close();
      await store?.drop();
    });

    attack('reads every table of hq.sqlite with SQL while HQ runs', async () => {
      const dump = await dumpSqlite(file);
      expect(dump.length).toBeGreaterThan(1000);
      expect(leaked(dump)).toEqual([]);
    });

    attack('reads the raw bytes of hq.sqlite, hq.sqlite-wal and hq.sqlite-shm', async () => {
      expect(existsSync(`${file}-wal`)).toBe(true);
      for (const f of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(f)) expect(leaked(readFileSync(f)), f).toEqual([]);
    });

    attack('reads HQ’s files as another user of the machine', async () => {
      expect(mode(store.dataDir!)).toBe(0o700);
      for (const f of [file, `${file}-wal`, `${file}-shm`, join(store.dataDir!, HQ_KEY_FILE)]) if (existsSync(f)) expect(mode(f), f).toBe(0o600);
    });

    attack('copies the database away (a backup, a stolen disk) and opens it without the key file', async () => {
      const thief = tempDataDir();
      try {
        for (const suffix of ['', '-wal']) if (existsSync(file + suffix)) copyFileSync(file + suffix, join(thief.dir, HQ_DATABASE_FILE + suffix));
        expect(leaked(await dumpSqlite(join(thief.dir, HQ_DATABASE_FILE)))).toEqual([]);
        // HQ itself, given the copy without its key file, refuses rather than starting afresh
        await expect(openHqDb({ dataDir: thief.dir })).rejects.toThrow(/key file .* is missing/);
        expect(existsSync(join(thief.dir, HQ_KEY_FILE))).toBe(false);
      } finally {
        thief.remove();
      }
    });

    attack('makes the key file world-readable: HQ refuses to start', async () => {
      const stopped = tempDataDir();
      try {
        // a stopped HQ's directory (the running one holds its database open)
        copyFileSync(join(store.dataDir!, HQ_KEY_FILE), join(stopped.dir, HQ_KEY_FILE));
        await hq.db.rows('PRAGMA wal_checkpoint(TRUNCATE)');
        copyFileSync(file, join(stopped.dir, HQ_DATABASE_FILE));
        chmodSync(join(stopped.dir, HQ_KEY_FILE), 0o644);
        await expect(spawnHq({ dialect: 'sqlite', dataDir: stopped.dir, drop: async () => undefined }, await freePort())).rejects.toThrow(/exited 2.*chmod 600/s);
        chmodSync(join(stopped.dir, HQ_KEY_FILE), 0o600);
        const db = await openHqDb({ dataDir: stopped.dir });
        expect((await new HqService(db).overview(...OVERVIEW_DAYS)).totals.walkInTotal).toBe(1);
        await db.close();
      } finally {
        stopped.remove();
      }
    });
  });

  /** HQ as it was: the schema before sealing, a walk-in and a case's party stored in plain text. */
  const oldHqWithPlainRows = async (old: DataSource) => {
    await old.initialize();
    await old.runMigrations();
    // placeholders of the dialect: $1… on PostgreSQL, ? on SQLite
    const m = (i: number) => (old.options.type === 'postgres' ? `$${i}` : '?');
    const station = '0190aaaa-0000-7000-8000-000000000001';
    const caseId = '0190aaaa-0000-7000-8000-0000000000ca';
    const put = (table: string, id: string, payload: Record<string, unknown>, day: string | null) =>
      old.query(
        `INSERT INTO "hq_row" ("stationId", "tableName", "rowId", "version", "seq", "payload", "day", "status", "cancelled", "receivedAt")
         VALUES (${m(1)}, ${m(2)}, ${m(3)}, 1, 1, ${m(4)}, ${m(5)}, NULL, 0, 'x')`,
        [station, table, id, JSON.stringify({ id, stationId: station, version: 1, ...payload }), day],
      );
    await put('walk_in', '0190aaaa-0000-7000-8000-0000000000a1', { visitorName: VISITOR.name, idNumber: VISITOR.idNumber, phone: VISITOR.phone, localDate: '2026-11-28' }, '2026-11-28');
    await put('mediation_party', '0190aaaa-0000-7000-8000-0000000000a2', { caseId, name: RESIDENT.name, idNumber: RESIDENT.idNumber, phone: RESIDENT.phone }, null);
    await old.query(`INSERT INTO "hq_station" ("id", "code", "name", "district", "createdAt", "stationUuid") VALUES ('k1', 'OLD-1', '旧站', '宁江区', 'x', ${m(1)})`, [station]);
    await old.destroy();
    return caseId;
  };

  /** The upgraded HQ still has its data: counted, opened, and the party still found by its case. */
  const stillHeld = async (db: HqDb, caseId: string) => {
    expect((await new HqService(db).overview(...OVERVIEW_DAYS)).totals.walkInTotal).toBe(1);
    expect(await hqPayloads(db, `"tableName" = 'mediation_party' AND "caseId" = ?`, [caseId])).toMatchObject([{ name: RESIDENT.name }]);
  };

  attack('an SQLite HQ from before encryption, with plain rows on disk, is started: nothing stays readable in its files', async () => {
    const dir = tempDataDir();
    try {
      const caseId = await oldHqWithPlainRows(new DataSource({ type: 'sqlite', database: join(dir.dir, HQ_DATABASE_FILE), migrations: OLD_MIGRATIONS, enableWAL: true }));
      const files = [HQ_DATABASE_FILE, `${HQ_DATABASE_FILE}-wal`, `${HQ_DATABASE_FILE}-shm`].map((f) => join(dir.dir, f)).filter((f) => existsSync(f));
      expect(files.flatMap((f) => leaked(readFileSync(f))).length).toBeGreaterThan(0);
      const db = await openHqDb({ dataDir: dir.dir });
      try {
        for (const f of [HQ_DATABASE_FILE, `${HQ_DATABASE_FILE}-wal`, `${HQ_DATABASE_FILE}-shm`].map((x) => join(dir.dir, x))) {
          if (existsSync(f)) expect(leaked(readFileSync(f)), f).toEqual([]);
        }
        await stillHeld(db, caseId);
      } finally {
        await db.close();
      }
    } finally {
      dir.remove();
    }
  });

  attack('a PostgreSQL HQ from before encryption is started: its tables hold nothing readable', async () => {
    const store = await newStore('postgres');
    try {
      const caseId = await oldHqWithPlainRows(
        new DataSource({ type: 'postgres', url: store.url, schema: store.schema, migrations: OLD_MIGRATIONS, extra: { options: `-c search_path=${store.schema}` } }),
      );
      expect(leaked(await dumpPostgres(store.schema!)).length).toBeGreaterThan(0);
      const db = await openHqDb({ url: store.url, schema: store.schema, keyFile: store.keyFile });
      try {
        expect(leaked(await dumpPostgres(store.schema!))).toEqual([]);
        await stillHeld(db, caseId);
      } finally {
        await db.close();
      }
    } finally {
      await store.drop();
    }
  });
});
