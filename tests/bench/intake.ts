/**
 * Intake benchmark: fills a station with N walk-ins (default 1,000,000, ~300 a local day ending
 * today), then measures through the router (the path the UI uses) and as raw SQL on the same file
 * (the floor): registering a walk-in, loading today's board, and history search by ID number and
 * by name, and logging in. Prints one JSON line to stdout; progress goes to stderr.
 *
 *   npx tsx tests/bench/intake.ts [--rows N] [--data-dir DIR] [--fill auto|router|service-batched]
 *                                 [--keep] [--register-samples 600] [--query-samples 300] [--login-samples 100]
 *
 * Without --data-dir a temp dir is used and removed at the end (unless --keep). With --data-dir
 * the dir is kept, and a dir filled by an earlier run is topped up (its schedule continued).
 *
 * Phases, each in its own process so that one cannot skew another:
 *   fill   (child)  router calls, or — when the router is projected too slow — registerWalkIn
 *                   (the service) batched in transactions with synchronous=OFF for the fill only
 *   router (this)   a plain openCore as the app runs it (synchronous=FULL): the timed calls
 *   raw    (child)  the SQLCipher driver alone on the same encrypted file, with the station's
 *                   key and the station's connection pragmas, prepared statements: the floor —
 *                   the same statements the router runs for each call, its audit entry included
 *                   (register, search by ID), in one BEGIN/COMMIT. Its own process: no TypeORM,
 *                   no router, no second connection's page cache in it.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { checkCharacter, type IdType } from '../../src/shared/checks/idNumber.js';
import { DEFAULT_ROUTE, ROUTES, formatQueueNo, type Purpose, type Route } from '../../src/shared/intake/zones.js';
import { DATABASE_FILE, openCore, type Core } from '../../src/main/core.js';
import { all as rawAll, closeRaw, openRaw, type RawDb } from '../../src/main/db/cipherFile.js';
import { keyFileProvider } from '../../src/main/db/key.js';
import { registerWalkIn, type NewWalkIn } from '../../src/main/intake/intake.service.js';
import { HEAD, STATION_PROFILE } from '../helpers/station.js';
import { must, summary as stats } from './common.js';

// ───────────────────────────── arguments ─────────────────────────────

const argv = process.argv.slice(2);
const arg = (name: string): string | undefined => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const flag = (name: string) => argv.includes(`--${name}`);
const PHASE = arg('phase') ?? 'main';
const ROWS = Number(arg('rows') ?? 1_000_000);
const FILL_MODE = (arg('fill') ?? 'router') as 'auto' | 'router' | 'service-batched';
const REGISTER_SAMPLES = Number(arg('register-samples') ?? 600);
const QUERY_SAMPLES = Number(arg('query-samples') ?? 300);
const WARMUP = 20;
/** a login is one scrypt (~50–100 ms): fewer samples than the queries */
const LOGIN_SAMPLES = Number(arg('login-samples') ?? 100);
/** auto: fill through the router when the rest of the fill is projected to take less than this */
const ROUTER_FILL_BUDGET_S = Number(arg('fill-budget-s') ?? 300);
const ROUTER_PROBE_ROWS = 3000;
const BATCH = 6000;
/** service fill: days registered concurrently (queue numbers are per day, so days never collide) */
const DAYS_IN_FLIGHT = 4;
if (!Number.isInteger(ROWS) || ROWS < 1000) throw new Error('--rows must be an integer ≥ 1000');
if (!['auto', 'router', 'service-batched'].includes(FILL_MODE)) throw new Error('--fill auto|router|service-batched');

const log = (msg: string) => process.stderr.write(`[bench:intake ${PHASE} ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);

// ───────────────────────────── deterministic data ─────────────────────────────

/** a 32-bit integer hash of (i, salt): the data is a pure function of the walk-in's index */
const hash = (i: number, salt: number): number => {
  let h = (Math.imul(i ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(salt + 0x632be5ab, 0xc2b2ae35)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  h ^= Math.floor(i / 4294967296) * 0x27d4eb2d;
  return (h ^ (h >>> 16)) >>> 0;
};
const unit = (i: number, salt: number) => hash(i, salt) / 4294967296;
const pick = <T>(list: readonly T[], i: number, salt: number): T => list[hash(i, salt) % list.length];
const weighted = <T>(items: readonly (readonly [T, number])[]) => {
  const total = items.reduce((s, [, w]) => s + w, 0);
  return (i: number, salt: number): T => {
    let x = unit(i, salt) * total;
    for (const [v, w] of items) if ((x -= w) < 0) return v;
    return items[items.length - 1][0];
  };
};

// the most common surnames, in order of frequency (weights ~ Zipf)
const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'];
const surname = weighted([...SURNAMES.map((s, r) => [s, 1 / (r + 1) ** 0.8] as const), ['欧阳', 0.05], ['司马', 0.02], ['诸葛', 0.01]]);
const MALE = [...'伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭宁龙林洋峰建国志文海东亮成晨博诚毅振家鸿昊天子轩睿泽宏德庆福春生卫兵永江'];
const FEMALE = [...'芳娜敏静丽艳娟霞秀英玲燕萍红梅琳雪婷慧莉颖佳倩欣怡悦彤琪涵晶洁兰凤云月薇思雨萱诗梦瑶蕾桂珍'];

// county-level division codes: the station's own city (松原) first and most often
const DIVISION = weighted<string>([
  ['220702', 30], ['220721', 10], ['220722', 6], ['220723', 4], ['220781', 6], ['220102', 3], ['220104', 3],
  ['220105', 2], ['220106', 2], ['220112', 1], ['220182', 2], ['220202', 2], ['220203', 1], ['220302', 1],
  ['220402', 1], ['220502', 1], ['220602', 1], ['220802', 2], ['222401', 1], ['230102', 1], ['230103', 1],
  ['230602', 2], ['230604', 1], ['210102', 1], ['210202', 1], ['150102', 1], ['110101', 1], ['110105', 1],
  ['120101', 1], ['130102', 1], ['370102', 1], ['410105', 1], ['320106', 1], ['310115', 1], ['440106', 1],
  ['510104', 1], ['420106', 1], ['610113', 1],
]);
const MOBILE_PREFIXES = ['130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '155', '157', '158', '159', '166', '176', '177', '180', '181', '182', '185', '186', '187', '188', '189', '191', '198', '199'];

const BIRTH_FROM = Date.UTC(1940, 0, 1) / 86_400_000;
const BIRTH_DAYS = 24_800; // → 2007-11-25
const ID_SPACE = BIRTH_DAYS * 1000; // (birth day, 3-digit sequence) pairs
const ID_MULT = 1_000_003; // prime, coprime with ID_SPACE: person → pair is a bijection

const dayString = (dayNumber: number) => new Date(dayNumber * 86_400_000).toISOString().slice(0, 10);
const dayNumberOf = (date: string) => Date.parse(`${date}T00:00:00Z`) / 86_400_000;

interface Person {
  name: string;
  idType: IdType;
  idNumber: string | null;
  phone: string | null;
}

/** A person, a pure function of their number: unique resident ID numbers with valid check characters. */
const person = (p: number): Person => {
  const pair = (p * ID_MULT + 7_654_321) % ID_SPACE;
  const seq = pair % 1000;
  const birth = dayString(BIRTH_FROM + Math.floor(pair / 1000)).replaceAll('-', '');
  const male = seq % 2 === 1;
  const given = male ? MALE : FEMALE;
  const name =
    surname(p, 1) + pick(given, p, 2) + (unit(p, 3) < 0.65 ? pick(given, p, 4) : '');
  const first17 = `${DIVISION(p, 5)}${birth}${String(seq).padStart(3, '0')}`;
  const hasId = unit(p, 6) >= 0.03; // 3% come without a document
  const phone = unit(p, 7) < 0.9 ? `${pick(MOBILE_PREFIXES, p, 8)}${String(hash(p, 9) % 100_000_000).padStart(8, '0')}` : null;
  return {
    name,
    idType: hasId ? 'resident' : 'none',
    idNumber: hasId ? first17 + checkCharacter(first17) : null,
    phone: hasId || phone ? phone : `139${String(hash(p, 10) % 100_000_000).padStart(8, '0')}`,
  };
};

/** Who the i-th walk-in is: 30% are someone who came before (some come many times). */
const personOf = (i: number): number => {
  let k = i;
  // a return visit copies someone from the last ~300 days (uniformly, never before the first walk-in)
  while (k > 0 && unit(k, 11) < 0.3) k -= 1 + (hash(k, 12) % Math.min(k, 90_000));
  return k;
};

const purposeOf = weighted<Purpose>([
  ['consultation', 30], ['certificate', 20], ['dispute', 10], ['report', 8], ['registration', 15], ['lostFound', 5], ['complaint', 4], ['other', 8],
]);
const NOTES = ['开具居住证明', '邻里噪音纠纷', '身份证丢失补办', '咨询户口迁移', '电动车被盗', '捡到钱包一个', '反映小区停车问题', '办理暂住登记', '家庭矛盾求助', '咨询出入境证件', '采集指纹信息', '老人走失求助'];
const PER_DAY = 300;
/** office hours 08:30–17:30 Asia/Shanghai (UTC+8, no DST) */
const OPEN_MIN = 8 * 60 + 30;
const OPEN_SPAN_MIN = 9 * 60;
const TZ_OFFSET_MIN = 8 * 60;

/** The i-th walk-in of the schedule: when it arrives and what the desk types. */
const walkInAt = (i: number, firstDay: number, offset: number): { now: Date; input: NewWalkIn } => {
  const day = firstDay + Math.floor((i + offset) / PER_DAY);
  const slot = (i + offset) % PER_DAY;
  // strictly increasing within a day: slot + jitter in [0, 1)
  const minute = OPEN_MIN + ((slot + unit(i, 13)) * OPEN_SPAN_MIN) / PER_DAY;
  const now = new Date(Math.round((day * 1440 + minute - TZ_OFFSET_MIN) * 60_000));
  const who = person(personOf(i));
  const purpose = purposeOf(i, 14);
  const route: Route = unit(i, 15) < 0.9 ? DEFAULT_ROUTE[purpose] : pick(ROUTES, i, 16);
  return {
    now,
    input: {
      visitorName: who.name,
      idType: who.idType,
      idNumber: who.idNumber,
      phone: who.phone,
      purpose,
      note: unit(i, 17) < 0.2 ? pick(NOTES, i, 18) : null,
      route,
    },
  };
};

// ───────────────────────────── statistics ─────────────────────────────

const round3 = (x: number) => Math.round(x * 1000) / 1000;

// ───────────────────────────── the station ─────────────────────────────

// the same station and head as the tests
const STATION = STATION_PROFILE;

type CallResultLike = { ok: boolean; result?: unknown; error?: unknown };

interface Me {
  staffId: string;
  name: string;
  idleLockMinutes: number;
  timeZone: string;
}

/** A core on the data dir with an injected clock, set up and logged in through the router. */
const openStation = async (dataDir: string) => {
  const clock = { now: new Date() };
  const core: Core = await openCore({ dataDir, clock: () => clock.now, logger: pino({ level: 'silent' }) });
  const q = <T = any>(sql: string, params: unknown[] = []): Promise<T[]> => core.dataSource.query(sql, params);
  const status = await must<{ setUp: boolean }>(core.call('station.status', {}), 'station.status');
  if (!status.setUp) await must(core.call('station.setup', { station: STATION, head: HEAD }), 'station.setup');
  const { token, me } = await must<{ token: string; me: Me }>(
    core.call('auth.login', { username: HEAD.username, password: HEAD.password }),
    'auth.login',
  );
  if (me.timeZone !== 'Asia/Shanghai') throw new Error(`the bench assumes Asia/Shanghai, the station has ${me.timeZone}`);
  const [{ stationId }] = await q<{ stationId: string }>(`SELECT "id" AS "stationId" FROM "station" LIMIT 1`);

  // The schedule: entry i is the i-th walk-in, PER_DAY a day; the first day is partly filled
  // (it starts at slot `offset`) so that entry ROWS-1 is the last walk-in of a full day, today.
  // A reused data dir continues its own schedule.
  const [{ existing, firstDate }] = await q<{ existing: number; firstDate: string | null }>(
    `SELECT COUNT(*) AS "existing", MIN("localDate") AS "firstDate" FROM "walk_in"`,
  );
  const todayNumber = dayNumberOf(new Date(Date.now() + TZ_OFFSET_MIN * 60_000).toISOString().slice(0, 10));
  let firstDay = todayNumber - Math.floor((ROWS - 1) / PER_DAY);
  let offset = (PER_DAY - (ROWS % PER_DAY)) % PER_DAY;
  if (firstDate) {
    const [{ onFirst }] = await q<{ onFirst: number }>(`SELECT COUNT(*) AS "onFirst" FROM "walk_in" WHERE "localDate" = ?`, [firstDate]);
    firstDay = dayNumberOf(firstDate);
    offset = PER_DAY - Math.min(PER_DAY, Number(onFirst));
  }
  const at = (i: number) => walkInAt(i, firstDay, offset);

  // a gap longer than the idle time (overnight) locks the session, and a session ends after 12
  // hours: the desk logs in again, as at the start of a shift (untimed)
  const session = { token, startedAt: clock.now.getTime(), lastCallAt: clock.now.getTime() };
  const idleMs = me.idleLockMinutes * 60_000;
  /** moves the clock to `when`, logging in again (untimed) when the session would be locked or over */
  const moveTo = async (when: Date) => {
    clock.now = when;
    const t = when.getTime();
    if (t - session.lastCallAt > idleMs - 1000 || t - session.startedAt > 11 * 3600_000 || t < session.startedAt) {
      session.token = (await must<{ token: string }>(core.call('auth.login', { username: HEAD.username, password: HEAD.password }), 'auth.login')).token;
      session.startedAt = t;
    }
    session.lastCallAt = t;
  };
  return {
    core,
    q,
    get token() {
      return session.token;
    },
    me,
    stationId,
    existing: Number(existing),
    firstDay,
    offset,
    at,
    moveTo,
    clock,
  };
};

const localDayOf = (instant: Date) => dayString(Math.floor((instant.getTime() / 60_000 + TZ_OFFSET_MIN) / 1440));
const fillTargetOf = (existing: number) => Math.max(existing, ROWS - WARMUP - REGISTER_SAMPLES);

// ───────────────────────────── child processes ─────────────────────────────

/** Runs this file again as a child phase; its stderr is ours, its stdout (one JSON) is returned. */
const runPhase = (phase: string, extra: string[]): Promise<any> =>
  new Promise((res, rej) => {
    const child = spawn(process.execPath, [...process.execArgv, process.argv[1], '--phase', phase, ...argv, ...extra], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += String(d)));
    child.once('error', rej);
    child.once('exit', (code) => {
      if (code !== 0) return rej(new Error(`phase ${phase} exited with ${code}`));
      try {
        res(JSON.parse(out.trim().split('\n').pop() ?? ''));
      } catch (err) {
        rej(new Error(`phase ${phase} printed no JSON: ${out.slice(-500)} (${String(err)})`));
      }
    });
  });

// ───────────────────────────── phase: fill ─────────────────────────────

/**
 * Fills to the target. `--fill-with router`: intake.register through the router, one call (one
 * transaction, synchronous=FULL) at a time, as the desk would; with --probe it stops after
 * ROUTER_PROBE_ROWS and reports the rate. `--fill-with service`: the core's registerWalkIn in
 * transactions of BATCH with synchronous=OFF, plus the audit rows the router would write (one
 * multi-row INSERT per day). One speed-up applies to the service fill only, and changes nothing in
 * the data: Date#toLocaleString('en-US', { timeZone }) — what dayjs's tz() calls on every
 * localDate() — answers from a cached Intl.DateTimeFormat, checked to give the same string.
 */
const speedUpFill = () => {
  const original = Date.prototype.toLocaleString;
  const formats = new Map<string, Intl.DateTimeFormat>();
  const cached = function (this: Date, locales?: Intl.LocalesArgument, options?: Intl.DateTimeFormatOptions): string {
    if (locales !== 'en-US' || !options || Object.keys(options).length !== 1 || typeof options.timeZone !== 'string')
      return original.call(this, locales, options);
    let f = formats.get(options.timeZone);
    if (!f) {
      f = new Intl.DateTimeFormat('en-US', { timeZone: options.timeZone, year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
      formats.set(options.timeZone, f);
    }
    return f.format(this);
  };
  for (let t = Date.UTC(2000, 0, 1); t < Date.UTC(2031, 0, 1); t += 86_400_000 * 7 + 3_607_000) {
    for (const timeZone of ['Asia/Shanghai', 'Pacific/Kiritimati']) {
      const d = new Date(t);
      if (cached.call(d, 'en-US', { timeZone }) !== original.call(d, 'en-US', { timeZone })) {
        log('cached toLocaleString differs from the original here: not used');
        return;
      }
    }
  }
  Date.prototype.toLocaleString = cached as typeof Date.prototype.toLocaleString;
};
const fillPhase = async () => {
  const dataDir = arg('data-dir')!;
  const withRouter = arg('fill-with') === 'router';
  if (!withRouter) speedUpFill();
  const st = await openStation(dataDir);
  const target = fillTargetOf(st.existing);
  let next = st.existing;
  const from = next;
  const t0 = performance.now();
  let lastLog = t0;
  const progress = (force = false) => {
    const t = performance.now();
    if (!force && t - lastLog < 15_000) return;
    lastLog = t;
    const rate = (next - from) / ((t - t0) / 1000);
    log(`${next}/${target} walk-ins (${rate.toFixed(0)}/s, ETA ${((target - next) / rate / 60).toFixed(1)} min)`);
  };
  if (from < target) log(`schedule starts ${dayString(st.firstDay)} (slot ${st.offset}); filling ${from} → ${target} ${withRouter ? 'through the router' : 'with the service, batched'}`);

  if (withRouter) {
    const until = flag('probe') ? Math.min(target, next + ROUTER_PROBE_ROWS) : target;
    for (; next < until; next++) {
      const { now, input } = st.at(next);
      await st.moveTo(now);
      const r = await st.core.call('intake.register', input, { token: st.token });
      if (!r.ok) throw new Error(`intake.register #${next} failed: ${JSON.stringify(r.error)} for ${JSON.stringify(input)}`);
      progress();
    }
  } else {
    await st.q('PRAGMA synchronous = OFF');
    const actor = (now: Date) => ({ stationId: st.stationId, staffId: st.me.staffId, staffName: 'bench', role: 'auxiliary' as const, timeZone: st.me.timeZone, now });
    while (next < target) {
      const end = Math.min(target, next + BATCH);
      // runs of one day each; a few days at a time so JS and SQLite (on the libuv pool) overlap
      const days: number[][] = [];
      for (let i = next; i < end; i++) {
        const d = Math.floor((i + st.offset) / PER_DAY);
        if (days.length === 0 || Math.floor((days[days.length - 1][0] + st.offset) / PER_DAY) !== d) days.push([]);
        days[days.length - 1].push(i);
      }
      await st.core.dataSource.transaction(async (manager) => {
        let g = 0;
        const lane = async () => {
          while (g < days.length) {
            const audit: unknown[] = [];
            for (const i of days[g++]) {
              const { now, input } = st.at(i);
              const { id } = await registerWalkIn(manager, actor(now), input);
              // the audit entry the router writes for each intake.register
              audit.push(uuidv7(), now.toISOString(), st.me.staffId, st.me.name, 'intake.register', id);
            }
            await manager.query(
              `INSERT INTO "audit_log" ("id", "at", "staffId", "staffName", "method", "recordId", "detail") VALUES ${Array.from({ length: audit.length / 6 }, () => '(?, ?, ?, ?, ?, ?, NULL)').join(', ')}`,
              audit,
            );
          }
        };
        await Promise.all(Array.from({ length: DAYS_IN_FLIGHT }, lane));
      });
      next = end;
      progress();
    }
    await st.q('PRAGMA wal_checkpoint(TRUNCATE)');
    await st.q('PRAGMA synchronous = FULL');
  }
  if (next > from) progress(true);
  const seconds = (performance.now() - t0) / 1000;
  await st.core.close();
  process.stdout.write(`${JSON.stringify({ filled: next - from, next, target, seconds, rowsPerSec: next > from ? Math.round((next - from) / seconds) : null })}\n`);
};

// ───────────────────────────── SQL shared by the plans and the floor ─────────────────────────────

const SELECT_JOINED = `SELECT w.*, r."name" AS "receivedByName", s."name" AS "servedByName"
  FROM "walk_in" w
  JOIN "staff" r ON r."id" = w."receivedById"
  LEFT JOIN "staff" s ON s."id" = w."servedById"`;
/** what intake.service.ts runs for board / search (no route, no date range, first page of 50 + 1) */
const SQL = {
  board: `${SELECT_JOINED} WHERE w."localDate" = ?  AND w."cancelledAt" IS NULL
     ORDER BY w."arrivedAt", w."id"`,
  searchById: `${SELECT_JOINED} WHERE w."cancelledAt" IS NULL AND w."idNumber" = ? ORDER BY w."arrivedAt" DESC, w."id" DESC LIMIT ?`,
  searchByName: `${SELECT_JOINED} WHERE w."cancelledAt" IS NULL AND w."visitorName" >= ? AND w."visitorName" < ? ORDER BY w."arrivedAt" DESC, w."id" DESC LIMIT ?`,
  nextSeq: `SELECT COALESCE(MAX("queueSeq"), 0) + 1 AS "next" FROM "walk_in" WHERE "localDate" = ? AND "route" = ?`,
  insertAudit: `INSERT INTO "audit_log" ("id", "at", "staffId", "staffName", "method", "recordId", "detail") VALUES (?, ?, ?, ?, ?, ?, ?)`,
};
const WALK_IN_COLUMNS = [
  'id', 'stationId', 'createdAt', 'updatedAt', 'createdBy', 'updatedBy', 'version', 'cancelledAt', 'cancelReason',
  'localDate', 'route', 'queueSeq', 'queueNo', 'arrivedAt', 'visitorName', 'idType', 'idNumber', 'phone',
  'birthDate', 'sex', 'purpose', 'note', 'status', 'receivedById', 'servedById', 'servingStartedAt',
  'finishedAt', 'referredFromId', 'referredToId',
];
const INSERT_WALK_IN = `INSERT INTO "walk_in" (${WALK_IN_COLUMNS.map((c) => `"${c}"`).join(', ')}) VALUES (${WALK_IN_COLUMNS.map(() => '?').join(', ')})`;

const timeLoop = async (n: number, once: (k: number) => Promise<unknown>) => {
  const out: number[] = [];
  for (let k = 0; k < n + WARMUP; k++) {
    const t0 = performance.now();
    await once(k);
    const dt = performance.now() - t0;
    if (k >= WARMUP) out.push(dt);
  }
  return out;
};

// ───────────────────────────── phase: raw (the floor) ─────────────────────────────

type Statement = ReturnType<RawDb['prepare']>;

interface RawConfig {
  dataDir: string;
  today: string;
  idKeys: string[];
  nameKeys: string[];
  stationId: string;
  staffId: string;
  staffName: string;
  firstDay: number;
  offset: number;
  next: number;
}

const rawPhase = async () => {
  const cfg = JSON.parse(readFileSync(arg('config')!, 'utf8')) as RawConfig;
  // the station's encrypted file through the driver the app uses, opened with the station's key
  // (openRaw also sets the app's busy_timeout and proves the key by reading the schema)
  const db = await openRaw(join(cfg.dataDir, DATABASE_FILE), await keyFileProvider(cfg.dataDir).get());
  const run = async (sql: string, params: unknown[] = []) => {
    await rawAll(db, sql, params);
  };
  const prepare = (sql: string) =>
    new Promise<Statement>((res, rej) => {
      const st: Statement = db.prepare(sql, (err: Error | null) => (err ? rej(err) : res(st)));
    });
  const all = <T = unknown>(st: Statement, params: unknown[]) =>
    new Promise<T[]>((res, rej) => st.all(params, (err: Error | null, r: T[]) => (err ? rej(err) : res(r))));
  const stRun = (st: Statement, params: unknown[]) =>
    new Promise<void>((res, rej) => st.run(params, (err: Error | null) => (err ? rej(err) : res())));
  // the pragmas the app's DataSource sets on its connection (applyPragmas in src/main/db/dataSource.ts);
  // WAL is a property of the file, which the app put in WAL mode
  await run('PRAGMA synchronous = FULL');
  await run('PRAGMA foreign_keys = ON');
  await run('PRAGMA cache_size = -65536');
  const [{ journal_mode: journal }] = await rawAll<{ journal_mode: string }>(db, 'PRAGMA journal_mode');
  if (journal !== 'wal') throw new Error(`the station's file is in ${journal} mode, expected wal`);

  const board = await prepare(SQL.board);
  const byId = await prepare(SQL.searchById);
  const byName = await prepare(SQL.searchByName);
  const insert = await prepare(INSERT_WALK_IN);
  const nextSeq = await prepare(SQL.nextSeq);
  const audit = await prepare(SQL.insertAudit);
  const { idKeys, nameKeys } = cfg;
  const timeBoard = () => timeLoop(QUERY_SAMPLES, () => all(board, [cfg.today]));
  const timeById = () => timeLoop(QUERY_SAMPLES, (k) => all(byId, [idKeys[k], 51]));
  const timeByName = () => timeLoop(QUERY_SAMPLES, (k) => all(byName, [nameKeys[k], `${nameKeys[k]}\u{10FFFF}`, 51]));

  let next = cfg.next;
  const rawIds: string[] = [];
  const [{ outboxSeq }] = await rawAll<{ outboxSeq: number }>(db, `SELECT COALESCE(MAX("seq"), 0) AS "outboxSeq" FROM "sync_outbox"`);
  const rowValues = (input: NewWalkIn, at: Date, seq: number, id: string) => {
    const iso = at.toISOString();
    const resident = input.idType === 'resident' && input.idNumber ? input.idNumber : null;
    return [
      id, cfg.stationId, iso, iso, cfg.staffId, cfg.staffId, 1, null, null,
      localDayOf(at), input.route, seq, formatQueueNo(input.route, seq), iso, input.visitorName, input.idType, input.idNumber, input.phone,
      resident ? `${resident.slice(6, 10)}-${resident.slice(10, 12)}-${resident.slice(12, 14)}` : null,
      resident ? (Number(resident[16]) % 2 === 1 ? 'male' : 'female') : null,
      input.purpose, input.note, 'waiting', cfg.staffId, null, null, null, null, null,
    ];
  };
  // a registration without its audit entry: the next queue number and one INSERT, in BEGIN/COMMIT
  const timeRegisterWithoutAudit = () =>
    timeLoop(REGISTER_SAMPLES, async () => {
      const { now, input } = walkInAt(next++, cfg.firstDay, cfg.offset);
      const id = uuidv7();
      rawIds.push(id);
      await run('BEGIN');
      const [{ next: seq }] = await all<{ next: number }>(nextSeq, [localDayOf(now), input.route]);
      await stRun(insert, rowValues(input, now, seq, id));
      await run('COMMIT');
    });
  // the floor: every statement the router's transaction runs (next number, insert, audit entry)
  const timeRegister = () =>
    timeLoop(REGISTER_SAMPLES, async () => {
      const { now, input } = walkInAt(next++, cfg.firstDay, cfg.offset);
      const id = uuidv7();
      rawIds.push(id);
      await run('BEGIN');
      const [{ next: seq }] = await all<{ next: number }>(nextSeq, [localDayOf(now), input.route]);
      await stRun(insert, rowValues(input, now, seq, id));
      await stRun(audit, [uuidv7(), now.toISOString(), cfg.staffId, cfg.staffName, 'intake.register', id, null]);
      await run('COMMIT');
    });
  // the floor of a search by ID number: the query and the audit entry the router writes for it
  // (who looked up which ID number is itself personal-data processing, so it is logged)
  const auditIds: string[] = [];
  const timeByIdAudited = () =>
    timeLoop(QUERY_SAMPLES, async (k) => {
      const auditId = uuidv7();
      auditIds.push(auditId);
      await run('BEGIN');
      await all(byId, [idKeys[k], 51]);
      await stRun(audit, [auditId, new Date().toISOString(), cfg.staffId, cfg.staffName, 'intake.search', null, null]);
      await run('COMMIT');
    });

  log('raw SQL: board, search by ID (with and without its audit entry), search by name, register (with and without its audit entry)');
  const result = {
    board: await timeBoard(),
    searchById: await timeByIdAudited(),
    searchByIdQueryOnly: await timeById(),
    searchByName: await timeByName(),
    register: await timeRegister(),
    registerWithoutAudit: await timeRegisterWithoutAudit(),
  };
  // Evidence: deleting one walk-in with foreign_keys=ON (rolled back). walk_in references itself
  // (referredFromId, referredToId) without an index on either column, so SQLite scans the whole
  // table twice for every walk-in deleted — a retention purge would do this per row.
  const t0 = performance.now();
  await run('BEGIN');
  await run(`DELETE FROM "walk_in" WHERE "id" = ?`, [rawIds[0]]);
  await run('ROLLBACK');
  const deleteOneWithForeignKeysMs = performance.now() - t0;

  // The floor's own rows are not walk-ins anyone registered: take them out again. Nothing refers
  // to them, so the foreign-key scans above are skipped; their outbox rows are those after outboxSeq.
  await run('PRAGMA foreign_keys = OFF');
  await run('BEGIN');
  await run(`DELETE FROM "sync_outbox" WHERE "seq" > ?`, [outboxSeq]);
  for (let k = 0; k < rawIds.length; k += 300) {
    const chunk = rawIds.slice(k, k + 300);
    const marks = chunk.map(() => '?').join(', ');
    await run(`DELETE FROM "audit_log" WHERE "recordId" IN (${marks})`, chunk);
    await run(`DELETE FROM "walk_in" WHERE "id" IN (${marks})`, chunk);
  }
  for (let k = 0; k < auditIds.length; k += 300) {
    const chunk = auditIds.slice(k, k + 300);
    await run(`DELETE FROM "audit_log" WHERE "id" IN (${chunk.map(() => '?').join(', ')})`, chunk);
  }
  await run('COMMIT');
  for (const st of [board, byId, byName, insert, nextSeq, audit]) await new Promise<void>((res) => st.finalize(() => res()));
  await closeRaw(db);
  process.stdout.write(`${JSON.stringify({ ...result, deleteOneWithForeignKeysMs })}\n`);
};

// ───────────────────────────── phase: main ─────────────────────────────

const mainPhase = async () => {
  const keep = flag('keep') || arg('data-dir') !== undefined;
  const dataDir = arg('data-dir') ? resolve(arg('data-dir')!) : mkdtempSync(join(tmpdir(), 'station-bench-'));
  const benchStart = performance.now();
  log(`data dir ${dataDir}; ${ROWS} walk-ins (${WARMUP + REGISTER_SAMPLES} of them registered by the timed run)`);
  const childArgs = ['--data-dir', dataDir];

  // ── fill ──
  const fill = { router: 0, serviceBatched: 0, seconds: 0, routerRowsPerSec: null as number | null, serviceRowsPerSec: null as number | null };
  if (FILL_MODE !== 'service-batched') {
    const r = await runPhase('fill', [...childArgs, '--fill-with', 'router', ...(FILL_MODE === 'auto' ? ['--probe'] : [])]);
    fill.router += r.filled;
    fill.seconds += r.seconds;
    fill.routerRowsPerSec = r.rowsPerSec;
    if (r.next < r.target && FILL_MODE === 'auto') {
      const projected = (r.target - r.next) / r.rowsPerSec;
      log(`the router fills ${r.rowsPerSec} walk-ins/s (synchronous=FULL): ${(projected / 60).toFixed(1)} min for the other ${r.target - r.next}`);
      if (projected <= ROUTER_FILL_BUDGET_S) {
        const r2 = await runPhase('fill', [...childArgs, '--fill-with', 'router']);
        fill.router += r2.filled;
        fill.seconds += r2.seconds;
      }
    }
  }
  {
    const r = await runPhase('fill', [...childArgs, '--fill-with', 'service']);
    fill.serviceBatched += r.filled;
    fill.seconds += r.seconds;
    fill.serviceRowsPerSec = r.rowsPerSec;
  }
  fill.seconds = Math.round(fill.seconds);
  const fillLabel = fill.serviceBatched > 0 ? (fill.router > 0 ? 'router+service-batched' : 'service-batched') : fill.router > 0 ? 'router' : 'reused';

  // ── router: the app's core as it runs ──
  const loadBefore = loadavg().map((x) => Math.round(x * 100) / 100);
  const st = await openStation(dataDir);
  const { core, q } = st;
  const [{ synchronous }] = await q<{ synchronous: number }>('PRAGMA synchronous');
  if (Number(synchronous) !== 2) throw new Error(`synchronous is ${synchronous}, expected 2 (FULL)`);
  // the timed registrations end with the last walk-in of a day, so that "today" is a full day; in
  // a reused dir that means skipping the rest of the schedule's current day (fresh: no skip)
  let next = st.existing + ((PER_DAY - ((st.existing + WARMUP + REGISTER_SAMPLES + st.offset) % PER_DAY)) % PER_DAY);
  log(`${st.existing} walk-ins; timing intake.register through the router (${WARMUP} warm-up + ${REGISTER_SAMPLES}, synchronous=FULL)`);
  const routerRegister = await timeLoopAt(REGISTER_SAMPLES, async () => {
    const { now, input } = st.at(next++);
    await st.moveTo(now);
    return () => core.call('intake.register', input, { token: st.token });
  });
  // "now": a minute after the last registration, on its day: today
  await st.moveTo(new Date(st.clock.now.getTime() + 60_000));
  const today = localDayOf(st.clock.now);
  const [{ rows, boardRows }] = await q<{ rows: number; boardRows: number }>(
    `SELECT COUNT(*) AS "rows", SUM("localDate" = ?) AS "boardRows" FROM "walk_in"`,
    [today],
  );
  log(`${rows} walk-ins; today (${today}) has ${boardRows}`);

  // search keys: walk-ins picked at random over the whole history (returning visitors included)
  const [{ maxRowid }] = await q<{ maxRowid: number }>(`SELECT MAX(rowid) AS "maxRowid" FROM "walk_in"`);
  const idKeys: string[] = [];
  const nameKeys: string[] = [];
  for (let k = 0; idKeys.length < QUERY_SAMPLES + WARMUP; k++) {
    const [row] = await q<{ idNumber: string; visitorName: string }>(
      `SELECT "idNumber", "visitorName" FROM "walk_in" WHERE rowid >= ? AND "idNumber" IS NOT NULL LIMIT 1`,
      [1 + (hash(k, 99) % Number(maxRowid))],
    );
    if (!row) continue;
    idKeys.push(row.idNumber);
    nameKeys.push(row.visitorName);
  }
  const surnameKeys = [...new Set(nameKeys.map((n) => [...n][0]))].slice(0, 20);
  const countOf = async (sql: string, params: unknown[]) => Number((await q<{ c: number }>(sql, params))[0].c);
  const nameMatches: number[] = [];
  const idMatches: number[] = [];
  for (let k = WARMUP; k < nameKeys.length; k++) {
    nameMatches.push(await countOf(`SELECT COUNT(*) AS "c" FROM "walk_in" WHERE "visitorName" >= ? AND "visitorName" < ?`, [nameKeys[k], `${nameKeys[k]}\u{10FFFF}`]));
    idMatches.push(await countOf(`SELECT COUNT(*) AS "c" FROM "walk_in" WHERE "idNumber" = ?`, [idKeys[k]]));
  }
  const surnameMatches = [];
  for (const s of surnameKeys) surnameMatches.push(await countOf(`SELECT COUNT(*) AS "c" FROM "walk_in" WHERE "visitorName" >= ? AND "visitorName" < ?`, [s, `${s}\u{10FFFF}`]));

  log('timing intake.board, intake.search by ID number and by full name (and by surname alone, for information)');
  const call = (method: string, input: unknown) => async () => () => core.call(method, input, { token: st.token });
  const routerBoard = await timeLoopAt(QUERY_SAMPLES, call('intake.board', {}));
  const routerById = await timeLoopAt(QUERY_SAMPLES, (k) => call('intake.search', { idNumber: idKeys[k] })());
  const routerByName = await timeLoopAt(QUERY_SAMPLES, (k) => call('intake.search', { name: nameKeys[k] })());
  const routerBySurname = await timeLoopAt(surnameKeys.length, (k) => call('intake.search', { name: surnameKeys[k % surnameKeys.length] })());
  log('timing auth.login (the head, right password: one scrypt and the session)');
  const routerLogin = await timeLoopAt(LOGIN_SAMPLES, call('auth.login', { username: HEAD.username, password: HEAD.password }));

  // evidence for the report: the plans SQLite chooses for the statements the service runs
  const plans: Record<string, string[]> = {};
  for (const [k, sql] of Object.entries({ board: SQL.board, searchById: SQL.searchById, searchByName: SQL.searchByName, nextSeq: SQL.nextSeq })) {
    const plan = await q<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`, [today, 'x', 1].slice(0, (sql.match(/\?/g) ?? []).length));
    plans[k] = plan.map((p) => p.detail);
    log(`plan ${k}: ${plans[k].join(' | ')}`);
  }
  const [{ outbox }] = await q<{ outbox: number }>(`SELECT COUNT(*) AS "outbox" FROM "sync_outbox"`);
  const [{ audit }] = await q<{ audit: number }>(`SELECT COUNT(*) AS "audit" FROM "audit_log"`);
  const [{ page_count: pages }] = await q<{ page_count: number }>(`PRAGMA page_count`);
  await core.close();

  // ── raw: the floor, in a process without TypeORM ──
  const configFile = join(tmpdir(), `bench-intake-raw-${process.pid}.json`);
  const rawCfg: RawConfig = {
    dataDir, today, idKeys, nameKeys, stationId: st.stationId, staffId: st.me.staffId, staffName: st.me.name,
    firstDay: st.firstDay, offset: st.offset, next,
  };
  writeFileSync(configFile, JSON.stringify(rawCfg));
  const raw = await runPhase('raw', ['--config', configFile]);
  rmSync(configFile, { force: true });

  const loadAfter = loadavg().map((x) => Math.round(x * 100) / 100);

  // ── browser mode start: on this station's data, and on an empty data dir ──
  const startToLoginMs = await measureStart(dataDir);
  const emptyDir = mkdtempSync(join(tmpdir(), 'station-bench-empty-'));
  const startToLoginMsEmptyDir = startToLoginMs === null ? null : await measureStart(emptyDir);
  rmSync(emptyDir, { recursive: true, force: true });

  const result = {
    register: stats(routerRegister),
    board: stats(routerBoard),
    searchById: stats(routerById),
    searchByName: stats(routerByName),
    login: stats(routerLogin),
    raw: { register: stats(raw.register), board: stats(raw.board), searchById: stats(raw.searchById), searchByName: stats(raw.searchByName) },
  };
  const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
  const ratioP95 = {
    register: ratio(result.register.p95, result.raw.register.p95),
    board: ratio(result.board.p95, result.raw.board.p95),
    searchById: ratio(result.searchById.p95, result.raw.searchById.p95),
    searchByName: ratio(result.searchByName.p95, result.raw.searchByName.p95),
  };
  const line = {
    bench: 'intake',
    rows: Number(rows),
    fill: fillLabel,
    ...result,
    ratioP95,
    targets: {
      'registerP95<=5': result.register.p95 <= 5,
      'boardAndSearchP95<=20': Math.max(result.board.p95, result.searchById.p95, result.searchByName.p95) <= 20,
      within3xRaw: Object.values(ratioP95).every((r) => r <= 3),
    },
    startToLoginMs,
    detail: {
      startToLoginMsEmptyDir,
      /** other work on the machine skews every number: the 1/5/15-minute load averages (2 cores) */
      loadavgBeforeAfter: [loadBefore, loadAfter],
      fill,
      benchSeconds: Math.round((performance.now() - benchStart) / 1000),
      boardDate: today,
      boardRows: Number(boardRows),
      auditRows: Number(audit),
      outboxRows: Number(outbox),
      dbMiB: Math.round((Number(pages) * 4096) / 1048576),
      samples: { register: routerRegister.length, board: routerBoard.length, searchById: routerById.length, searchByName: routerByName.length, warmupExcluded: WARMUP },
      router: { register: more(routerRegister), board: more(routerBoard), searchById: more(routerById), searchByName: more(routerByName) },
      raw: { register: more(raw.register), board: more(raw.board), searchById: more(raw.searchById), searchByName: more(raw.searchByName) },
      /** the floor without the audit entry each of these writes (the audit is part of the work) */
      rawWithoutAudit: { register: stats(raw.registerWithoutAudit), searchById: stats(raw.searchByIdQueryOnly) },
      deleteOneWalkInWithForeignKeysMs: round3(raw.deleteOneWithForeignKeysMs),
      searchBySurname: { ...stats(routerBySurname), n: routerBySurname.length, keys: surnameKeys.join(''), matchesP50: stats(surnameMatches).p50, matchesMax: Math.max(...surnameMatches) },
      matchesPerNameKey: { p50: stats(nameMatches).p50, p95: stats(nameMatches).p95, max: Math.max(...nameMatches) },
      matchesPerIdKey: { p50: stats(idMatches).p50, p95: stats(idMatches).p95, max: Math.max(...idMatches) },
      plans,
      node: process.version,
    },
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
  if (!keep) rmSync(dataDir, { recursive: true, force: true });
  else log(`kept ${dataDir} (reuse with --data-dir ${dataDir})`);
};

/** Times router calls one at a time; `prepare` (untimed: clock moves, unlocks) returns the call. */
const timeLoopAt = async (n: number, prepare: (k: number) => Promise<() => Promise<CallResultLike>>) => {
  const out: number[] = [];
  for (let k = 0; k < n + WARMUP; k++) {
    const callIt = await prepare(k);
    const t0 = performance.now();
    const r = await callIt();
    const dt = performance.now() - t0;
    if (!r.ok) throw new Error(`call failed: ${JSON.stringify(r.error)}`);
    if (k >= WARMUP) out.push(dt);
  }
  return out;
};

const more = (samples: number[]) => {
  const s = [...samples].sort((a, b) => a - b);
  return { mean: round3(s.reduce((a, b) => a + b, 0) / s.length), p99: round3(s[Math.ceil(0.99 * s.length) - 1]), max: round3(s[s.length - 1]) };
};

const freePort = () =>
  new Promise<number>((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => res(port));
    });
  });

/** Browser mode: from spawning the server to its login page answering 200. */
const measureStart = async (dataDir: string): Promise<number | null> => {
  const serve = ['dist/main/serve.mjs', 'dist/main/serve.cjs'].map((f) => resolve(f)).find((f) => existsSync(f));
  if (!serve) {
    log('dist/main/serve.mjs (or .cjs) does not exist (not built yet): startToLoginMs is null');
    return null;
  }
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(process.execPath, [serve, '--data-dir', dataDir, '--port', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr += String(d)));
  let exited = false;
  child.once('exit', () => (exited = true));
  try {
    while (performance.now() - t0 < 60_000 && !exited) {
      try {
        const r = await fetch(`http://127.0.0.1:${port}/`);
        await r.arrayBuffer();
        if (r.status === 200) return round3(performance.now() - t0);
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    log(`browser mode did not answer 200 within 60 s${exited ? ' (it exited)' : ''}: ${stderr.slice(-500)}`);
    return null;
  } finally {
    if (!exited) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  }
};

const phases: Record<string, () => Promise<void>> = { main: mainPhase, fill: fillPhase, raw: rawPhase };
(phases[PHASE] ?? (() => Promise.reject(new Error(`unknown phase ${PHASE}`))))().catch((err) => {
  log(`failed: ${err instanceof Error ? err.stack : String(err)}`);
  process.exit(1);
});
