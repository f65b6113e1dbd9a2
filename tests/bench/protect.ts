/**
 * Protection benchmark: what encryption at rest and backups cost the front desk. Two stations are
 * filled with the same N walk-ins (default 1,000,000; direct inserts, the outbox triggers firing
 * as for any write), one encrypted with SQLCipher and one plain; then, through the router as the
 * screens call it: registering a walk-in and a search by name, p95 each, encrypted vs plain
 * (target ≤ 1.3×); the time to back up and verify the encrypted station; and registering walk-ins
 * while that backup runs, p95 vs idle (target ≤ 2×). Prints one JSON line; progress on stderr.
 *
 *   npx tsx tests/bench/protect.ts [--rows N] [--samples 300]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { openCore, type Core } from '../../src/main/core.js';
import { HEAD, STATION_PROFILE } from '../helpers/station.js';

const argv = process.argv.slice(2);
const arg = (name: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const ROWS = Number(arg('rows') ?? 1_000_000);
const SAMPLES = Number(arg('samples') ?? 300);
const log = (m: string) => process.stderr.write(`[protect] ${m}\n`);

const p = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor(q * s.length))] * 100) / 100;
};
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂';

interface Station {
  core: Core;
  token: string;
  dir: string;
}

const open = async (encrypted: boolean): Promise<Station> => {
  const dir = mkdtempSync(join(tmpdir(), `bench-protect-${encrypted ? 'enc' : 'plain'}-`));
  const core = await openCore({ dataDir: dir, logger: pino({ level: 'silent' }), ...(encrypted ? {} : { databaseKey: 'none' as const }) });
  const setup = await core.call('station.setup', { station: STATION_PROFILE, head: HEAD });
  if (!setup.ok) throw new Error(JSON.stringify(setup.error));
  const login = await core.call('auth.login', { username: HEAD.username, password: HEAD.password });
  if (!login.ok) throw new Error(JSON.stringify(login.error));
  return { core, token: (login.result as { token: string }).token, dir };
};

/** N walk-ins over past days (300 a day), in 50,000-row statements: the same rows for both stations. */
const fill = async (st: Station) => {
  const [{ id: staffId }] = await st.core.dataSource.query(`SELECT "id" FROM "staff" LIMIT 1`);
  const [{ id: stationId }] = await st.core.dataSource.query(`SELECT "id" FROM "station" LIMIT 1`);
  await st.core.dataSource.query('PRAGMA synchronous = OFF');
  const chunk = 50_000;
  for (let from = 0; from < ROWS; from += chunk) {
    const to = Math.min(ROWS, from + chunk);
    await st.core.dataSource.query(
      `WITH RECURSIVE c(i) AS (SELECT ? UNION ALL SELECT i + 1 FROM c WHERE i + 1 < ?)
       INSERT INTO "walk_in" ("id", "stationId", "createdAt", "updatedAt", "createdBy", "updatedBy", "version", "localDate", "route", "queueSeq", "queueNo",
         "arrivedAt", "visitorName", "idType", "idNumber", "phone", "purpose", "status", "receivedById")
       SELECT printf('00000000-0000-7000-8000-%012d', i), ?, t, t, ?, ?, 1, d, 'office', i % 300 + 1, printf('B%03d', i % 300 + 1),
         t, substr(?, i % 20 + 1, 1) || substr(?, (i / 20) % 20 + 1, 1) || substr(?, (i / 400) % 20 + 1, 1), 'resident',
         printf('2201%014d', i), printf('139%08d', i), 'certificate', 'done', ?
       FROM (SELECT i, date('2026-11-27', '-' || (i / 300) || ' days') AS d,
               strftime('%Y-%m-%dT%H:%M:%fZ', '2026-11-27T01:00:00Z', '-' || (i / 300) || ' days', '+' || (i % 300) || ' minutes') AS t FROM c)`,
      [from, to, stationId, staffId, staffId, SURNAMES, GIVEN, GIVEN, staffId],
    );
    if (to % 200_000 === 0 || to === ROWS) log(`filled ${to}/${ROWS}`);
  }
  await st.core.dataSource.query('PRAGMA synchronous = FULL');
  // what HQ has acknowledged long ago: the outbox of the fill is not part of what is measured
  await st.core.dataSource.query(`DELETE FROM "sync_outbox"`);
  await st.core.dataSource.query('PRAGMA wal_checkpoint(TRUNCATE)');
};

let counter = 0;
const register = (st: Station) => {
  counter += 1;
  return st.core.call(
    'intake.register',
    { visitorName: `测试${counter}`, idType: 'resident', idNumber: '11010519491231002X', phone: '13912345678', purpose: 'certificate', route: 'office' },
    { token: st.token },
  );
};

const time = async (n: number, fn: (i: number) => Promise<{ ok: boolean }>) => {
  const xs: number[] = [];
  for (let i = 0; i < n + 20; i++) {
    const t0 = performance.now();
    const r = await fn(i);
    if (!r.ok) throw new Error(JSON.stringify(r));
    if (i >= 20) xs.push(performance.now() - t0);
  }
  return xs;
};

const measure = async (st: Station) => {
  const registerMs = await time(SAMPLES, () => register(st));
  const searchMs = await time(SAMPLES, (i) =>
    st.core.call('intake.search', { name: SURNAMES[i % 20] + GIVEN[(i * 7) % 20] + GIVEN[(i * 3) % 20] }, { token: st.token }),
  );
  return { registerP95: p(registerMs, 0.95), registerP50: p(registerMs, 0.5), searchP95: p(searchMs, 0.95), searchP50: p(searchMs, 0.5) };
};

const main = async () => {
  const load = loadavg()[0];
  const plain = await open(false);
  const enc = await open(true);
  try {
    log(`filling two stations with ${ROWS} walk-ins`);
    await fill(plain);
    await fill(enc);
    log('measuring register and search, plain then encrypted');
    const off = await measure(plain);
    const on = await measure(enc);

    const folder = mkdtempSync(join(tmpdir(), 'bench-protect-backups-'));
    await enc.core.call('backup.settings', { folder, enabled: false, intervalHours: 24 }, { token: enc.token });
    log('backing up the encrypted station while registering walk-ins');
    const t0 = performance.now();
    const backup = enc.core.backup.run('manual');
    let done = false;
    void backup.finally(() => (done = true)).catch(() => undefined);
    const during: number[] = [];
    while (!done) {
      const s = performance.now();
      const r = await register(enc);
      if (!r.ok) throw new Error(JSON.stringify(r));
      during.push(performance.now() - s);
    }
    const entry = await backup;
    const backupS = (performance.now() - t0) / 1000;
    rmSync(folder, { recursive: true, force: true });

    const result = {
      bench: 'protect',
      rows: ROWS,
      samples: SAMPLES,
      loadAvg1m: Math.round(load * 100) / 100,
      registerP95Ms: { plain: off.registerP95, encrypted: on.registerP95, ratio: Math.round((on.registerP95 / off.registerP95) * 100) / 100 },
      searchP95Ms: { plain: off.searchP95, encrypted: on.searchP95, ratio: Math.round((on.searchP95 / off.searchP95) * 100) / 100 },
      p50Ms: { registerPlain: off.registerP50, registerEncrypted: on.registerP50, searchPlain: off.searchP50, searchEncrypted: on.searchP50 },
      backup: {
        seconds: Math.round(backupS * 10) / 10,
        bytes: entry.bytes,
        verified: entry.verifiedAt !== null,
        walkIns: entry.counts.walk_in,
      },
      registerDuringBackupP95Ms: {
        during: p(during, 0.95),
        idle: on.registerP95,
        ratio: Math.round((p(during, 0.95) / on.registerP95) * 100) / 100,
        samples: during.length,
      },
      targets: { encryptedRatio: 1.3, duringBackupRatio: 2 },
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    for (const st of [plain, enc]) {
      await st.core.close();
      rmSync(st.dir, { recursive: true, force: true });
    }
  }
};

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
