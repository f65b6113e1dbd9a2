/**
 * Protection benchmark: what encryption at rest and backups cost the front desk. Two stations are
 * filled with the same N walk-ins (default 1,000,000; direct inserts, the outbox triggers firing
 * as for any write), one encrypted with SQLCipher and one plain; then, through the router as the
 * screens call it: registering a walk-in and a search by name, p95 each, encrypted vs plain
 * (target ≤ 1.3×); the time to back up and verify the encrypted station; and registering walk-ins
 * while that backup runs, p95 vs idle (target ≤ 2×). Prints one JSON line; progress on stderr.
 *
 * Like is compared with like: both stations are warmed up first, then measured in alternating
 * blocks (plain–encrypted, encrypted–plain, …) so a change in the machine's load falls on both;
 * the ratios are of the pooled samples, with the median of the per-block ratios beside them. The
 * registrations during the backup drop their first few (the backup's start, the cache turning
 * over), and idle is measured just before and just after the backup.
 *
 *   npx tsx tests/bench/protect.ts [--rows N] [--samples 300] [--blocks 10] [--warmup 30]
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
/** alternating blocks the samples are split into */
const BLOCKS = Math.max(2, Number(arg('blocks') ?? 10));
/** calls made and not counted before any measuring, and at the start of the backup */
const WARMUP = Number(arg('warmup') ?? 30);
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

/** `n` timed calls of `fn`, in ms, after `warmup` untimed ones. */
const time = async (n: number, fn: (i: number) => Promise<{ ok: boolean }>, warmup = 0) => {
  const xs: number[] = [];
  for (let i = 0; i < n + warmup; i++) {
    const t0 = performance.now();
    const r = await fn(i);
    if (!r.ok) throw new Error(JSON.stringify(r));
    if (i >= warmup) xs.push(performance.now() - t0);
  }
  return xs;
};

const median = (xs: number[]) => p(xs, 0.5);
const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;

let searchNo = 0;
const search = (st: Station) => {
  searchNo += 1;
  const i = searchNo;
  return st.core.call('intake.search', { name: SURNAMES[i % 20] + GIVEN[(i * 7) % 20] + GIVEN[(i * 3) % 20] }, { token: st.token });
};

/**
 * Registering and searching, plain vs encrypted: both warmed up, then BLOCKS alternating blocks
 * (A–B, B–A, …). Returns each station's pooled samples and the per-block median ratios.
 */
const measureAB = async (plain: Station, enc: Station) => {
  for (const st of [plain, enc]) {
    await time(0, () => register(st), WARMUP);
    await time(0, () => search(st), WARMUP);
  }
  const per = Math.ceil(SAMPLES / BLOCKS);
  const pooled = new Map<Station, { register: number[]; search: number[] }>([
    [plain, { register: [], search: [] }],
    [enc, { register: [], search: [] }],
  ]);
  const blockRatios = { register: [] as number[], search: [] as number[] };
  for (let block = 0; block < BLOCKS; block++) {
    const order = block % 2 === 0 ? [plain, enc] : [enc, plain];
    const got = new Map<Station, { register: number[]; search: number[] }>();
    for (const st of order) {
      const register_ = await time(per, () => register(st));
      const search_ = await time(per, () => search(st));
      got.set(st, { register: register_, search: search_ });
      pooled.get(st)!.register.push(...register_);
      pooled.get(st)!.search.push(...search_);
    }
    blockRatios.register.push(median(got.get(enc)!.register) / median(got.get(plain)!.register));
    blockRatios.search.push(median(got.get(enc)!.search) / median(got.get(plain)!.search));
  }
  const figures = (st: Station) => {
    const { register: r, search: q } = pooled.get(st)!;
    return { registerP95: p(r, 0.95), registerP50: p(r, 0.5), searchP95: p(q, 0.95), searchP50: p(q, 0.5) };
  };
  return { off: figures(plain), on: figures(enc), blockRatios };
};

const main = async () => {
  const load = loadavg()[0];
  const plain = await open(false);
  const enc = await open(true);
  try {
    log(`filling two stations with ${ROWS} walk-ins`);
    await fill(plain);
    await fill(enc);
    log(`measuring register and search, plain and encrypted in ${BLOCKS} alternating blocks after ${WARMUP} warm-up calls`);
    const { off, on, blockRatios } = await measureAB(plain, enc);

    const folder = mkdtempSync(join(tmpdir(), 'bench-protect-backups-'));
    await enc.core.call('backup.settings', { folder, enabled: false, intervalHours: 24 }, { token: enc.token });
    log('backing up the encrypted station while registering walk-ins, idle measured just before and after');
    const idleBefore = await time(Math.ceil(SAMPLES / 2), () => register(enc), WARMUP);
    const t0 = performance.now();
    const backup = enc.core.backup.run('manual');
    let done = false;
    void backup.finally(() => (done = true)).catch(() => undefined);
    const duringAll: number[] = [];
    while (!done) {
      const s = performance.now();
      const r = await register(enc);
      if (!r.ok) throw new Error(JSON.stringify(r));
      duringAll.push(performance.now() - s);
    }
    const entry = await backup;
    const backupS = (performance.now() - t0) / 1000;
    const idleAfter = await time(Math.ceil(SAMPLES / 2), () => register(enc), WARMUP);
    // the first registrations meet the backup's start: a warm-up, as for the idle figures
    const during = duringAll.slice(Math.min(WARMUP, Math.floor(duringAll.length / 4)));
    const idle = [...idleBefore, ...idleAfter];
    rmSync(folder, { recursive: true, force: true });

    const result = {
      bench: 'protect',
      rows: ROWS,
      samples: SAMPLES,
      loadAvg1m: Math.round(load * 100) / 100,
      blocks: BLOCKS,
      warmup: WARMUP,
      registerP95Ms: { plain: off.registerP95, encrypted: on.registerP95, ratio: ratio(on.registerP95, off.registerP95), medianBlockRatio: ratio(median(blockRatios.register), 1) },
      searchP95Ms: { plain: off.searchP95, encrypted: on.searchP95, ratio: ratio(on.searchP95, off.searchP95), medianBlockRatio: ratio(median(blockRatios.search), 1) },
      p50Ms: { registerPlain: off.registerP50, registerEncrypted: on.registerP50, searchPlain: off.searchP50, searchEncrypted: on.searchP50 },
      backup: {
        seconds: Math.round(backupS * 10) / 10,
        bytes: entry.bytes,
        verified: entry.verifiedAt !== null,
        walkIns: entry.counts.walk_in,
      },
      registerDuringBackupP95Ms: {
        during: p(during, 0.95),
        idle: p(idle, 0.95),
        ratio: ratio(p(during, 0.95), p(idle, 0.95)),
        samples: during.length,
        warmupDropped: duringAll.length - during.length,
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
