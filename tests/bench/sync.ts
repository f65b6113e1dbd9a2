/**
 * Sync benchmark against HQ on PostgreSQL (HQ_TEST_DATABASE_URL, default the local test
 * database; a schema of its own, dropped at the end). Prints one JSON line; progress on stderr.
 *
 *   npm run bench:sync -- [--rows 100000] [--latency-samples 50] [--stations 1000] [--changes 100]
 *                         [--outage 60] [--parts abcde]
 *
 * --parts picks what runs ((a)–(c) share a station and HQ: any of them runs all three).
 *
 * (a) upload: a station with a backlog of --rows walk-ins (filled through the intake service, so
 *     the outbox holds real rows) uploads it to an HQ process, which encrypts each row; rows/s end
 *     to end, against the floor: the same rows inserted into PostgreSQL directly, in plain text,
 *     with multi-row INSERTs.
 * (b) latency: a walk-in registered through the router while the background sync runs, until
 *     HQ's database shows it; p50/p95.
 * (c) load: --stations simulated stations (HTTP clients in this process, all at once) each
 *     say hello, push --changes changes in one gzip batch and pull every bucket from one HQ
 *     process; completion time, HQ latency p50/p95 per request, errors.
 * (d) recovery: a station with its background sync running loses HQ for --outage seconds (HQ
 *     stopped) while walk-ins are registered; HQ comes back: seconds until the backlog is at HQ.
 * (e) an old restore: HQ is restored from a backup older than the station keeps acknowledged
 *     changes (retention 0) after the station purged walk-ins the backup holds; rows at HQ that
 *     the station no longer holds once it has synced.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import pg from 'pg';
import pino from 'pino';
import { openHqDb } from '../../src/hq/db.js';
import { HqService } from '../../src/hq/service.js';
import { openCore, type Core } from '../../src/main/core.js';
import { registerWalkIn } from '../../src/main/intake/intake.service.js';
import { BUCKETS } from '../../src/shared/sync/protocol.js';
import type { PurgePreview } from '../../src/shared/retention/contract.js';
import { dumpHq, restoreHq, stationRows } from '../helpers/hq.js';
import { HEAD, STATION_PROFILE, ok, setUpStation, walkIn, type TestStation } from '../helpers/station.js';

const argv = process.argv.slice(2);
const arg = (name: string, d: number) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : d;
};
const ROWS = arg('rows', 100_000);
const LATENCY_SAMPLES = arg('latency-samples', 50);
const STATIONS = arg('stations', 1000);
const CHANGES = arg('changes', 100);
const OUTAGE_S = arg('outage', 60);
const PARTS = new Set((argv.includes('--parts') ? argv[argv.indexOf('--parts') + 1] : 'abcde').split(''));
const PG_URL = process.env.HQ_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const ROOT = join(__dirname, '..', '..');
const log = (m: string) => process.stderr.write(`${m}\n`);
const gzipAsync = promisify(gzip);

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] * 10) / 10 : null;
};
const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as AddressInfo).port;
      s.close(() => resolve(port));
    });
  });

const admin = async (sql: string) => {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  await c.query(sql);
  await c.end();
};

/** HQ as its own process (dist would need a build; tsx runs the same source). */
const spawnHq = (schema: string, keyFile: string, port: number) =>
  new Promise<ChildProcess>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/hq/main.ts'), '--port', String(port)], {
      cwd: ROOT,
      env: { ...process.env, HQ_DATABASE_URL: PG_URL, HQ_DATABASE_SCHEMA: schema, HQ_KEY_FILE: keyFile, HQ_LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    child.stdout!.on('data', (d) => String(d).includes('HQ listening') && resolve(child));
    child.on('exit', (code) => reject(new Error(`HQ exited ${code}`)));
  });

const fillBacklog = async (core: Core, rows: number) => {
  const [{ id: stationId }] = await core.dataSource.query(`SELECT id FROM station`);
  const [{ id: staffId }] = await core.dataSource.query(`SELECT id FROM staff LIMIT 1`);
  const start = Date.parse('2026-01-01T01:00:00Z');
  const perDay = 300;
  for (let done = 0; done < rows; ) {
    const n = Math.min(5000, rows - done);
    await core.exclusive(() =>
      core.dataSource.transaction(async (m) => {
        for (let i = 0; i < n; i++) {
          const k = done + i;
          const now = new Date(start + Math.floor(k / perDay) * 86400_000 + (k % perDay) * 60_000);
          await registerWalkIn(m, { stationId, staffId, timeZone: 'Asia/Shanghai', now } as never, {
            visitorName: `访客${k}`,
            idType: 'none',
            idNumber: null,
            phone: null,
            purpose: 'consultation',
            note: k % 7 === 0 ? '咨询户籍办理流程' : null,
            route: 'office',
          });
        }
      }),
    );
    done += n;
  }
};

/** A station of its own (a test station's data directory and clock) enrolled with an HQ process on a schema of its own. */
const stationWithHq = async (schema: string, tmp: string, now?: string) => {
  await admin(`CREATE SCHEMA "${schema}"`);
  const keyFile = join(tmp, `${schema}.key`);
  const db = await openHqDb({ url: PG_URL, schema, keyFile });
  const service = new HqService(db);
  const port = await freePort();
  const hq = { child: await spawnHq(schema, keyFile, port) };
  const url = `http://127.0.0.1:${port}`;
  const st = await setUpStation({ now });
  const { enrolmentCode } = await service.createStation({ code: STATION_PROFILE.code, name: STATION_PROFILE.name, district: '宁江区' });
  await ok(st.core.call('sync.enrol', { hqUrl: url, code: enrolmentCode }, { token: st.token }));
  await st.core.sync.round();
  const [{ id: uuid }] = await st.core.dataSource.query(`SELECT id FROM station`);
  /** rows at HQ the station does not hold, and rows of the station HQ lacks (or holds in an older version) */
  const difference = async () => {
    const version = (r: string) => Number(r.split('@')[1]);
    const mine = new Map((await stationRows(st.core)).map((r) => [r.split('@')[0], version(r)]));
    const atHq = new Map(
      (await db.rows<{ tableName: string; rowId: string; version: unknown }>(`SELECT "tableName", "rowId", "version" FROM "hq_row" WHERE "stationId" = ?`, [uuid])).map(
        (r) => [`${r.tableName}/${r.rowId}`, Number(r.version)],
      ),
    );
    return {
      extraAtHq: [...atHq.keys()].filter((k) => !mine.has(k)).length,
      missingAtHq: [...mine].filter(([k, v]) => (atHq.get(k) ?? 0) < v).length,
    };
  };
  const close = async () => {
    await st.close().catch(() => undefined);
    if (hq.child.exitCode === null) hq.child.kill('SIGTERM');
    await db.close();
  };
  return { db, service, hq, port, url, st, uuid, difference, close, keyFile };
};

/** (d): HQ away for OUTAGE_S seconds while the station works on; seconds from HQ's return until it holds the backlog. */
const recovery = async (schema: string, tmp: string) => {
  const w = await stationWithHq(`${schema}_d`, tmp);
  try {
    w.st.core.sync.start();
    log(`(d) HQ stopped for ${OUTAGE_S} s while walk-ins are registered…`);
    w.hq.child.kill('SIGKILL');
    await new Promise((r) => w.hq.child.once('exit', r));
    const until = performance.now() + OUTAGE_S * 1000;
    let registered = 0;
    while (performance.now() < until) {
      await ok(w.st.core.call('intake.register', walkIn({ visitorName: `断网${registered}`, idType: 'none', idNumber: undefined, phone: undefined }), { token: w.st.token }));
      registered += 1;
      await new Promise((r) => setTimeout(r, 2000));
    }
    const backlog = (await ok(w.st.core.call('sync.status', {}, { token: w.st.token }))).backlog as number;
    w.hq.child = await spawnHq(`${schema}_d`, w.keyFile, w.port);
    const back = performance.now();
    for (let said = 0; ; ) {
      const d = await w.difference();
      if (d.missingAtHq === 0 && d.extraAtHq === 0) break;
      const waited = performance.now() - back;
      if (waited > 300_000) throw new Error('(d) the backlog did not reach HQ within 5 minutes');
      if (waited > said + 5000) {
        said = waited;
        const s = await ok(w.st.core.call('sync.status', {}, { token: w.st.token }));
        log(`  waiting ${Math.round(waited / 1000)} s: ${d.missingAtHq} rows missing at HQ; station ${JSON.stringify({ online: s.online, backlog: s.backlog, lastError: s.lastError, next: s.nextAttemptAt })}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    const seconds = Math.round((performance.now() - back) / 100) / 10;
    const out = { outageSeconds: OUTAGE_S, walkInsDuringOutage: registered, backlog, secondsUntilAtHq: seconds, targetSeconds: 10 };
    log(JSON.stringify(out));
    return out;
  } finally {
    await w.close();
  }
};

/** (e): HQ restored from a backup older than the station keeps, after the station purged rows the backup holds. */
const oldRestore = async (schema: string, tmp: string) => {
  const w = await stationWithHq(`${schema}_e`, tmp, '2022-03-01T02:00:00Z');
  const call = (st: TestStation, method: string, input: unknown) => ok(st.core.call(method, input, { token: st.token }));
  try {
    await call(w.st, 'sync.settings', { enabled: true, retentionDays: 0 });
    const OLD = 200;
    log(`(e) ${OLD} walk-ins in 2022, HQ backed up, purged years later, HQ restored…`);
    for (let i = 0; i < OLD; i++) {
      const v = await call(w.st, 'intake.register', walkIn({ visitorName: `旧访客${i}`, purpose: 'consultation', route: 'office', idType: 'none', idNumber: undefined, phone: undefined }));
      await call(w.st, 'intake.setStatus', { id: v.id, status: 'serving' });
      await call(w.st, 'intake.setStatus', { id: v.id, status: 'done' });
    }
    await w.st.core.sync.round();
    const backup = await dumpHq(w.db);
    w.st.setNow('2026-11-28T02:00:00Z');
    w.st.token = (await ok<{ token: string }>(w.st.core.call('auth.login', { username: HEAD.username, password: HEAD.password }))).token;
    for (let i = 0; i < 20; i++) await call(w.st, 'intake.register', walkIn({ visitorName: `新访客${i}`, idType: 'none', idNumber: undefined, phone: undefined }));
    const p = await call(w.st, 'retention.preview', {}) as PurgePreview;
    const expected = Object.fromEntries(p.kinds.map((k) => [k.kind, k.count]));
    await call(w.st, 'retention.purge', { asOf: p.asOf, expected, password: HEAD.password });
    await w.st.core.sync.round();
    await restoreHq(w.db, backup);
    const broughtBack = (await w.difference()).extraAtHq;
    await w.st.core.sync.round();
    const d = await w.difference();
    const out = { purged: expected.walkIns ?? 0, staleRowsRestoredToHq: broughtBack, rowsAtHqStationNoLongerHolds: d.extraAtHq, rowsMissingAtHq: d.missingAtHq, target: 0 };
    log(JSON.stringify(out));
    return out;
  } finally {
    await w.close();
  }
};

const main = async () => {
  const schema = `hq_bench_${process.pid}`;
  await admin(`CREATE SCHEMA "${schema}"`);
  const tmp = mkdtempSync(join(tmpdir(), 'sync-bench-'));
  const result: Record<string, unknown> = { bench: 'sync', rows: ROWS, stations: STATIONS, changesPerStation: CHANGES };
  let hq: ChildProcess | undefined;
  let core: Core | undefined;
  try {
    if (PARTS.has('a') || PARTS.has('b') || PARTS.has('c')) {
      // HQ encrypts the rows it stores, with the key file this process and the HQ process share
      const keyFile = join(tmp, 'hq.key');
      const db = await openHqDb({ url: PG_URL, schema, keyFile });
      const service = new HqService(db);
      const port = await freePort();
      hq = await spawnHq(schema, keyFile, port);
      const url = `http://127.0.0.1:${port}`;

      // ── (a) backlog upload ──
      core = await openCore({ dataDir: join(tmp, 'station'), logger: pino({ level: 'silent' }) });
      await core.call('station.setup', { station: STATION_PROFILE, head: HEAD });
      const { enrolmentCode } = await service.createStation({ code: STATION_PROFILE.code, name: STATION_PROFILE.name, district: '宁江区' });
      const [{ id: stationUuid }] = await core.dataSource.query(`SELECT id FROM station`);
      const ans = await service.enrol({ code: enrolmentCode, stationId: stationUuid, stationCode: STATION_PROFILE.code, stationName: STATION_PROFILE.name });
      await core.dataSource.query(`UPDATE sync_state SET "hqUrl" = ?, "hqKey" = ?, secret = ?, epoch = ?`, [url, ans.key, ans.secret, ans.epoch]);
      log(`filling a backlog of ${ROWS} walk-ins…`);
      await fillBacklog(core, ROWS);
      const [{ n: backlog }] = await core.dataSource.query(`SELECT COUNT(*) AS n FROM sync_outbox`);
      log(`uploading ${backlog} changes…`);
      const t0 = performance.now();
      await core.sync.round();
      const upS = (performance.now() - t0) / 1000;
      log(`uploaded in ${upS.toFixed(2)} s`);
      const [{ n: atHq }] = await db.rows<{ n: string }>(`SELECT COUNT(*) AS "n" FROM "hq_row"`);
      if (Number(atHq) !== Number(backlog)) throw new Error(`HQ has ${atHq} rows, the station sent ${backlog}`);
      const payloads: { tableName: string; rowId: string; version: number; seq: number; payload: string }[] = await core.dataSource.query(
        `SELECT "tableName", "rowId", version, seq, payload FROM sync_outbox ORDER BY seq`,
      );
      // the floor: the same rows, 1,000-row INSERTs (HQ's statement size), one transaction per 2,000 (HQ's batch)
      log('the floor: the same rows straight into PostgreSQL…');
      const c = new pg.Client({ connectionString: PG_URL, options: `-c search_path=${schema}` });
      await c.connect();
      await c.query(`CREATE TABLE floor_row (LIKE hq_row INCLUDING ALL)`);
      const t1 = performance.now();
      for (let i = 0; i < payloads.length; i += 2000) {
        await c.query('BEGIN');
        const batch = payloads.slice(i, i + 2000);
        for (let j = 0; j < batch.length; j += 1000) {
          const chunk = batch.slice(j, j + 1000);
          const params: unknown[] = [];
          const values = chunk.map((r, k) => {
            const p = JSON.parse(r.payload);
            params.push(stationUuid, r.tableName, r.rowId, r.version, r.seq, r.payload, p.localDate ?? null, p.status ?? null, 0, new Date().toISOString());
            const b = k * 10;
            return `(${Array.from({ length: 10 }, (_, x) => `$${b + x + 1}`).join(', ')})`;
          });
          await c.query(
            `INSERT INTO floor_row ("stationId", "tableName", "rowId", "version", "seq", "payload", "day", "status", "cancelled", "receivedAt") VALUES ${values.join(', ')}`,
            params,
          );
        }
        await c.query('COMMIT');
      }
      const floorS = (performance.now() - t1) / 1000;
      await c.end();
      const upRate = Number(backlog) / upS;
      const floorRate = Number(backlog) / floorS;
      result.upload = {
        changes: Number(backlog),
        seconds: Math.round(upS * 100) / 100,
        rowsPerSecond: Math.round(upRate),
        floorRowsPerSecond: Math.round(floorRate),
        ratioToFloor: Math.round((upRate / floorRate) * 100) / 100,
        targetRowsPerSecond: 5000,
        targetRatio: 0.5,
      };
      log(JSON.stringify(result.upload));

      // ── (b) commit → visible at HQ, with the background sync running ──
      core.sync.start();
      const { result: login } = (await core.call('auth.login', { username: HEAD.username, password: HEAD.password })) as { result: { token: string } };
      const lat: number[] = [];
      for (let i = 0; i < LATENCY_SAMPLES; i++) {
        const t = performance.now();
        const r = (await core.call('intake.register', { visitorName: `在线${i}`, idType: 'none', purpose: 'report', route: 'duty' }, { token: login.token })) as {
          ok: boolean;
          result: { id: string };
        };
        if (!r.ok) throw new Error('register failed');
        for (;;) {
          const [row] = await db.rows(`SELECT 1 FROM "hq_row" WHERE "rowId" = ?`, [r.result.id]);
          if (row) break;
          await new Promise((res) => setTimeout(res, 5));
        }
        lat.push(performance.now() - t);
      }
      await core.sync.stop();
      result.commitToHq = { samples: lat.length, p50Ms: pct(lat, 50), p95Ms: pct(lat, 95), maxMs: pct(lat, 100), targetP95Ms: 2000 };
      log(JSON.stringify(result.commitToHq));
      await core.close();
      core = undefined;

      // ── (c) many stations at once ──
      log(`enrolling ${STATIONS} simulated stations…`);
      for (let i = 0; i < 20; i++) await service.publish('mediators', undefined, { name: `调解员${i}`, specialties: ['family'], organisation: null, phone: null, active: true }, 'bench');
      for (let i = 0; i < 5; i++) await service.publish('directives', undefined, { title: `通知${i}`, body: '请各警务室落实。' }, 'bench');
      const sims: { key: string; secret: string; uuid: string }[] = [];
      for (let i = 0; i < STATIONS; i++) {
        const code = `SIM-${i}`;
        const { enrolmentCode: ec } = await service.createStation({ code, name: code, district: '模拟' });
        const uuid = `0190${i.toString(16).padStart(4, '0')}-0000-7000-8000-000000000000`;
        const a = await service.enrol({ code: ec, stationId: uuid, stationCode: code, stationName: code });
        sims.push({ key: a.key, secret: a.secret, uuid });
      }
      const reqLat: number[] = [];
      let errors = 0;
      const timed = async (f: () => Promise<Response>) => {
        const t = performance.now();
        try {
          const res = await f();
          await res.arrayBuffer();
          if (!res.ok) errors += 1;
        } catch {
          errors += 1;
        }
        reqLat.push(performance.now() - t);
      };
      const t2 = performance.now();
      await Promise.all(
        sims.map(async (s, i) => {
          const auth = { authorization: `Station ${s.key}:${s.secret}` };
          await timed(() => fetch(`${url}/sync/v1/hello`, { headers: auth }));
          const entries = Array.from({ length: CHANGES }, (_, k) => {
            const id = `0190${i.toString(16).padStart(4, '0')}-${k.toString(16).padStart(4, '0')}-7000-8000-000000000001`;
            return { seq: k + 1, table: 'walk_in', rowId: id, op: 'insert', version: 1, payload: { id, stationId: s.uuid, version: 1, localDate: '2026-11-28', visitorName: `访客${k}`, status: 'done' } };
          });
          const body = await gzipAsync(JSON.stringify({ stationId: s.uuid, schemaVersion: 7, after: 0, count: entries.length, backlog: 0, sentAt: new Date().toISOString(), entries }));
          await timed(() => fetch(`${url}/sync/v1/push`, { method: 'POST', headers: { ...auth, 'content-type': 'application/gzip' }, body: body as unknown as BodyInit }));
          for (const b of BUCKETS) await timed(() => fetch(`${url}/sync/v1/pull?bucket=${b}&after=0`, { headers: auth }));
        }),
      );
      const loadS = (performance.now() - t2) / 1000;
      const [{ n: simRows }] = await db.rows<{ n: string }>(`SELECT COUNT(*) AS "n" FROM "hq_row" WHERE "tableName" = 'walk_in' AND "rowId" LIKE '0190____-____-7000-8000-000000000001'`);
      result.manyStations = {
        stations: STATIONS,
        requests: reqLat.length,
        seconds: Math.round(loadS * 100) / 100,
        p50Ms: pct(reqLat, 50),
        p95Ms: pct(reqLat, 95),
        errors,
        rowsStored: Number(simRows),
        rowsExpected: STATIONS * CHANGES,
      };
      log(JSON.stringify(result.manyStations));
      await db.close();
    }
    if (PARTS.has('d')) result.recovery = await recovery(schema, tmp);
    if (PARTS.has('e')) result.oldRestore = await oldRestore(schema, tmp);
    result.machine = { loadavg1: Math.round(loadavg()[0] * 100) / 100 };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await core?.close().catch(() => undefined);
    if (hq && hq.exitCode === null) hq.kill('SIGTERM');
    rmSync(tmp, { recursive: true, force: true });
    for (const part of ['', '_d', '_e']) await admin(`DROP SCHEMA IF EXISTS "${schema}${part}" CASCADE`);
  }
};

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
