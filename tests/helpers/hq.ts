import { spawn, type ChildProcess } from 'node:child_process';
import { Socket, createServer, type AddressInfo, type Server } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import pino from 'pino';
import type { FastifyInstance } from 'fastify';
import { openHqDb, type HqDb } from '../../src/hq/db.js';
import { createHqServer } from '../../src/hq/server.js';
import { HqService } from '../../src/hq/service.js';
import type { Core } from '../../src/main/core.js';
import { ok, tempDataDir, type TestStation } from './station.js';

export type Dialect = 'sqlite' | 'postgres';
export const PG_URL = process.env.HQ_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const silent = pino({ level: 'silent' });
const ROOT = join(__dirname, '..', '..');

/**
 * Where an HQ keeps its data: a temp directory (SQLite, its key file in it) or a schema of its own
 * in the test database with a key file in a temp directory.
 */
export interface HqStore {
  dialect: Dialect;
  dataDir?: string;
  url?: string;
  schema?: string;
  keyFile?: string;
  drop(): Promise<void>;
}

export const newStore = async (dialect: Dialect): Promise<HqStore> => {
  if (dialect === 'sqlite') {
    const t = tempDataDir();
    return { dialect, dataDir: t.dir, drop: async () => t.remove() };
  }
  // other test runs share the server: a uniquely named schema, dropped afterwards
  const schema = `hq_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  await client.query(`CREATE SCHEMA "${schema}"`);
  await client.end();
  const keys = tempDataDir();
  return {
    dialect,
    url: PG_URL,
    schema,
    keyFile: join(keys.dir, 'hq.key'),
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await c.end();
      keys.remove();
    },
  };
};

export interface TestHq {
  url: string;
  port: number;
  db: HqDb;
  service: HqService;
  app: FastifyInstance;
  close(): Promise<void>;
}

/**
 * An HQ in this process on 127.0.0.1 (a fixed port to come back on after a stop, or any); over
 * HTTPS when given a key and certificate.
 */
export const startHq = async (store: HqStore, port = 0, clock?: () => Date, updatesDir?: string, https?: { key: string; cert: string }): Promise<TestHq> => {
  const db = await openHqDb({ url: store.url, schema: store.schema, dataDir: store.dataDir, keyFile: store.keyFile });
  const service = new HqService(db, clock);
  const app = await createHqServer({ service, logger: silent, updatesDir, ...(https ? { https: { key: Buffer.from(https.key), cert: Buffer.from(https.cert) } } : {}) });
  await app.listen({ port, host: '127.0.0.1' });
  const actual = (app.server.address() as AddressInfo).port;
  return {
    url: `${https ? 'https' : 'http'}://127.0.0.1:${actual}`,
    port: actual,
    db,
    service,
    app,
    async close() {
      await app.close();
      await db.close();
    },
  };
};

/** An HQ as its own process (`npm run hq`), to be killed with SIGKILL. */
export const spawnHq = (store: HqStore, port: number): Promise<{ child: ChildProcess; url: string }> =>
  new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, HQ_LOG_LEVEL: 'silent' };
    if (store.url) {
      env.HQ_DATABASE_URL = store.url;
      env.HQ_DATABASE_SCHEMA = store.schema;
    }
    if (store.keyFile) env.HQ_KEY_FILE = store.keyFile;
    const args = ['--import', 'tsx', join(ROOT, 'src/hq/main.ts'), '--port', String(port), ...(store.dataDir ? ['--data-dir', store.dataDir] : [])];
    const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr!.on('data', (d) => (err += d));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.startsWith('HQ listening')) resolve({ child, url: `http://127.0.0.1:${port}` });
    });
    child.on('exit', (code) => reject(new Error(`HQ exited ${code}: ${err}`)));
  });

export const killHard = (child: ChildProcess): Promise<void> =>
  new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });

export const freePort = (): Promise<number> =>
  new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as AddressInfo).port;
      s.close(() => resolve(port));
    });
  });

/** Creates a station at HQ and enrols the test station with its code, through the station's own method. */
/** Adds an HQ staff account and logs it in through HQ's page API: its bearer token. */
export const hqStaffToken = async (hq: { url: string; service: HqService }, username: string, password: string, role: 'admin' | 'viewer'): Promise<string> => {
  await hq.service.addUser(username, password, role);
  const res = await fetch(`${hq.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  return (await res.json()).token;
};

export const enrol = async (st: TestStation, hq: { url: string; service: HqService }, code = 'SY-NJ-001'): Promise<string> => {
  const created = await hq.service.createStation({ code, name: '繁荣社区警务室', district: '宁江区' });
  await ok(st.core.call('sync.enrol', { hqUrl: hq.url, code: created.enrolmentCode }, { token: st.token }));
  await st.core.sync.round();
  const status = await ok(st.core.call('sync.status', {}, { token: st.token }));
  if (!status.enrolled) throw new Error(`not enrolled: ${JSON.stringify(status.lastError)}`);
  return created.id;
};

/**
 * Enrols without the enrolment endpoint (whose rate limit a test making many stations would hit):
 * HQ's own enrolment, and the answer stored as the station's client stores it.
 */
export const enrolDirect = async (st: TestStation, hq: { url: string; service: HqService }, code: string): Promise<void> => {
  const created = await hq.service.createStation({ code, name: code, district: '测试' });
  const [{ id }] = await st.core.dataSource.query(`SELECT id FROM station`);
  const answer = await hq.service.enrol({ code: created.enrolmentCode, stationId: id, stationCode: code, stationName: code });
  await st.core.dataSource.query(`UPDATE sync_state SET "hqUrl" = ?, "hqKey" = ?, secret = ?, "hqCode" = ?, epoch = ?`, [
    hq.url,
    answer.key,
    answer.secret,
    answer.code,
    answer.epoch,
  ]);
};

/** Every synced row of the station, as `table/id@version`, sorted. */
export const stationRows = async (core: Core): Promise<string[]> => {
  const tables: { t: string }[] = await core.dataSource.query(
    `SELECT "tbl_name" AS "t" FROM "sqlite_master" WHERE "type" = 'trigger' AND "name" LIKE '%_outbox_insert'`,
  );
  const out: string[] = [];
  for (const { t } of tables) {
    for (const r of await core.dataSource.query(`SELECT "id", "version" FROM "${t}"`)) out.push(`${t}/${r.id}@${r.version}`);
  }
  return out.sort();
};

/** What HQ holds of a station, in the same form. */
export const hqRows = async (db: HqDb, stationUuid: string): Promise<string[]> =>
  (await db.rows<{ tableName: string; rowId: string; version: unknown }>(`SELECT "tableName", "rowId", "version" FROM "hq_row" WHERE "stationId" = ?`, [stationUuid]))
    .map((r) => `${r.tableName}/${r.rowId}@${Number(r.version)}`)
    .sort();

/** The payloads of the rows HQ holds that `where` picks, opened with HQ's key (they are sealed at rest). */
export const hqPayloads = async (db: HqDb, where: string, params: unknown[] = []): Promise<Record<string, any>[]> =>
  (await db.rows<{ payload: string }>(`SELECT "payload" FROM "hq_row" WHERE ${where}`, params)).map((r) => db.vault.openJson(r.payload));

export const stationUuid = async (core: Core): Promise<string> => (await core.dataSource.query(`SELECT "id" FROM "station"`))[0].id;

const HQ_TABLES = ['hq_meta', 'hq_counter', 'hq_station', 'hq_row', 'hq_reject', 'hq_ref', 'hq_user', 'hq_transfer'];

/** A dump of HQ's tables (what last night's backup holds)… */
export const dumpHq = async (db: HqDb): Promise<Record<string, Record<string, unknown>[]>> => {
  const dump: Record<string, Record<string, unknown>[]> = {};
  for (const t of HQ_TABLES) dump[t] = await db.rows(`SELECT * FROM "${t}"`);
  return dump;
};

/** …and putting it back: everything written since is gone. */
export const restoreHq = async (db: HqDb, dump: Record<string, Record<string, unknown>[]>): Promise<void> => {
  await db.tx(async (sql) => {
    for (const t of HQ_TABLES) {
      await sql.run(`DELETE FROM "${t}"`);
      for (const row of dump[t]) {
        const cols = Object.keys(row);
        await sql.run(`INSERT INTO "${t}" (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`, cols.map((c) => row[c]));
      }
    }
  });
};

export type ProxyMode = 'pass' | 'refuse' | 'cutResponse' | 'duplicate' | 'delay';

/**
 * A TCP proxy between the station and HQ that the test switches: pass traffic, refuse
 * connections, let a request through but cut the answer (HQ committed, the station never hears),
 * send every request to HQ twice, or delay it.
 */
export class FaultyProxy {
  mode: ProxyMode = 'pass';
  delayMs = 200;
  private server: Server;
  private sockets = new Set<Socket>();
  /** the duplicates sent to HQ that HQ has not answered yet (and whose connection is still open) */
  private unanswered = new Set<Socket>();
  port = 0;

  constructor(private target: () => number) {
    this.server = createServer((client) => this.onClient(client));
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async listen(): Promise<void> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', () => r()));
    this.port = (this.server.address() as AddressInfo).port;
  }

  /** Drops every open connection: the station's pooled connections die with the "cable". */
  cutAll(): void {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
  }

  /** Until HQ has answered every duplicate sent so far, i.e. has processed each one in full. */
  async duplicatesAnswered(timeoutMs = 60_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (this.unanswered.size > 0) {
      if (Date.now() > until) throw new Error(`${this.unanswered.size} duplicate(s) still unanswered`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  async close(): Promise<void> {
    this.cutAll();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  private track(s: Socket) {
    this.sockets.add(s);
    s.on('close', () => this.sockets.delete(s));
    s.on('error', () => undefined);
  }

  private onClient(client: Socket) {
    this.track(client);
    if (this.mode === 'refuse') return client.destroy();
    const mode = this.mode;
    const upstream = new Socket();
    this.track(upstream);
    upstream.connect(this.target(), '127.0.0.1');
    let twin: Socket | undefined;
    if (mode === 'duplicate') {
      twin = new Socket();
      this.track(twin);
      twin.connect(this.target(), '127.0.0.1');
      // the duplicate's answer is thrown away; it gets time to be processed in full
      const sent = twin;
      sent.on('data', () => this.unanswered.delete(sent));
      sent.on('close', () => this.unanswered.delete(sent));
      sent.setTimeout(10_000, () => sent.destroy());
    }
    client.on('data', (chunk) => {
      const send = () => {
        upstream.write(chunk);
        if (twin && !twin.destroyed) {
          // HQ answers a request once it has handled it: until then the duplicate may still land
          this.unanswered.add(twin);
          twin.write(chunk);
        }
      };
      if (mode === 'delay') setTimeout(send, this.delayMs);
      else send();
    });
    upstream.on('data', (chunk) => {
      // the request reached HQ and HQ answered; the answer never arrives
      if (mode === 'cutResponse') {
        client.destroy();
        upstream.destroy();
        return;
      }
      client.write(chunk);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end);
    upstream.on('close', () => client.destroy());
  }
}
