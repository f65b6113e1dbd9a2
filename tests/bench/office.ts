/**
 * Office and patrol benchmark: one year of a busy station — 40,000 duty-log entries over two shifts
 * a day, 10,000 tasks of the standard list, 10,000 patrols, 500 volunteers with 50,000 points-ledger
 * entries — then, through the router
 * exactly as the screens call it (synchronous=FULL): opening the duty log, the home screen's overdue
 * lists, a volunteer's balance, and a redemption at the desk. Prints one JSON line to stdout;
 * progress goes to stderr.
 *
 *   npx tsx tests/bench/office.ts [--entries 40000] [--patrols 10000] [--volunteers 500] [--ledger 50000] [--tasks 10000] [--data-dir DIR] [--samples 200]
 *
 * Without --data-dir a temp dir is used and removed at the end. With --data-dir a filled station is
 * reused as it is (a second run only measures).
 *
 * The fill writes rows with SQL in large transactions (synchronous=OFF for the fill only); the
 * outbox triggers and the ledger's own triggers (running balance, append-only) run as in the app.
 * The data is a pure function of each row's index.
 *
 * The home screen's overdue lists are a table (HOME_QUERIES): a zone that adds an overdue list to
 * the home screen adds its method here and is measured with the others.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { v7 as uuidv7 } from 'uuid';
import type { Core } from '../../src/main/core.js';
import { TASK_FUNCTIONS } from '../../src/shared/office/tasks.js';
import { localDate } from '../../src/shared/time.js';
import { HEAD } from '../helpers/station.js';
import { insertMany, openBenchStation, settleFill, summary } from './common.js';

const argv = process.argv.slice(2);
const arg = (name: string): string | undefined => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const ENTRIES = Number(arg('entries') ?? 40_000);
const PATROLS = Number(arg('patrols') ?? 10_000);
const VOLUNTEERS = Number(arg('volunteers') ?? 500);
const LEDGER = Number(arg('ledger') ?? 50_000);
const TASKS = Number(arg('tasks') ?? 10_000);
const SAMPLES = Number(arg('samples') ?? 200);
const DATA_DIR = arg('data-dir');
const WARMUP = 10;
const TARGET_P95_MS = 30;
const TZ = 'Asia/Shanghai';
const DAY = 86_400_000;
const log = (m: string) => process.stderr.write(`[bench:office ${new Date().toISOString().slice(11, 19)}] ${m}\n`);

/** The home screen's overdue lists, as it calls them. Add a zone's list here to measure it too. */
const HOME_QUERIES: { name: string; method: string; input: unknown }[] = [
  { name: 'mediationOverdue', method: 'mediation.alerts', input: {} },
  { name: 'handoversPending', method: 'office.pending', input: {} },
  { name: 'tasksOverdue', method: 'office.taskOverdue', input: {} },
];

// ───────────────────────────── deterministic data ─────────────────────────────

const hash = (i: number, salt: number): number => {
  let h = (Math.imul(i ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(salt + 0x632be5ab, 0xc2b2ae35)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
};
const pick = <T>(list: readonly T[], i: number, salt: number): T => list[hash(i, salt) % list.length];

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '马', '朱', '胡', '郭'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '桂英', '建国'];
const TYPES = ['reception', 'reception', 'reception', 'help', 'incident', 'patrol', 'patrol', 'mediationReferral', 'noticePrinted', 'equipment'] as const;
const ACTIONS = ['咨询户口迁移，已告知所需材料', '群众求助开锁，已联系开锁公司', '邻里噪音纠纷，现场劝解', '步巡繁荣小区一圈', '打印公示栏告示', '对讲机充电'];
const PLACES = ['繁荣小区东门', '3栋楼下', '繁荣路口', '文化广场', '松江大街菜市场', '锦江小学门口'];
const GOODS = [
  { name: '毛巾', unit: '条', price: 30 },
  { name: '洗衣液', unit: '瓶', price: 60 },
  { name: '雨伞', unit: '把', price: 80 },
  { name: '保温杯', unit: '个', price: 120 },
];

// ───────────────────────────── fill ─────────────────────────────

const fill = async (core: Core, stationId: string, headId: string, now: Date) => {
  const started = performance.now();
  const base = (at: string) => ({ stationId, createdAt: at, updatedAt: at, createdBy: headId, updatedBy: headId, version: 1, cancelledAt: null, cancelReason: null });
  const yearAgo = now.getTime() - 365 * DAY;
  await core.dataSource.query('PRAGMA synchronous = OFF');
  await core.dataSource.query('BEGIN');

  // the inventory: twelve bicycles, radios, cameras
  const bikes = Array.from({ length: 12 }, (_, k) => ({ id: uuidv7(), ...base(new Date(yearAgo).toISOString()), kind: 'bicycle', name: '警用自行车', code: `ZXC-${String(k + 1).padStart(2, '0')}`, note: null, state: 'present', stateNote: null, stateAt: null }));
  const other = ['radio', 'radio', 'bodyCamera', 'bodyCamera', 'key'].map((kind, k) => ({ id: uuidv7(), ...base(new Date(yearAgo).toISOString()), kind, name: kind, code: String(k), note: null, state: 'present', stateNote: null, stateAt: null }));
  await insertMany(core, 'office_equipment', [...bikes, ...other]);

  // two twelve-hour shifts a day for a year; the last one is on duty now
  const people = JSON.stringify([{ staffId: headId, name: HEAD.name, role: 'head' }]);
  const shiftCount = 730;
  const firstStart = Math.floor((now.getTime() - 6 * 3600_000) / (12 * 3600_000)) * 12 * 3600_000 - (shiftCount - 1) * 12 * 3600_000;
  const shifts: Record<string, unknown>[] = [];
  const handovers: Record<string, unknown>[] = [];
  for (let s = 0; s < shiftCount; s++) {
    const from = new Date(firstStart + s * 12 * 3600_000);
    const to = new Date(from.getTime() + 12 * 3600_000);
    const current = s === shiftCount - 1;
    const id = uuidv7();
    shifts.push({
      id,
      ...base(from.toISOString()),
      source: 'manual',
      dutyDate: localDate(from, TZ),
      shiftKey: null,
      name: s % 2 === 0 ? '白班' : '夜班',
      startsAt: from.toISOString(),
      endsAt: to.toISOString(),
      people,
      openedAt: from.toISOString(),
      openedById: headId,
      status: current ? 'open' : 'handedOver',
      handedOverAt: current ? null : to.toISOString(),
    });
    if (!current) {
      handovers.push({
        id: uuidv7(),
        ...base(to.toISOString()),
        shiftId: id,
        status: 'received',
        summary: '本班平稳。',
        instructions: null,
        openItems: '[]',
        checklist: '[]',
        giverId: headId,
        receiverId: headId,
        giverSignedAt: to.toISOString(),
        receiverSignedAt: to.toISOString(),
      });
    }
  }
  await insertMany(core, 'office_shift', shifts);
  await insertMany(core, 'office_handover', handovers);

  // the duty-log entries, spread over the shifts; a few follow-ups still open
  const entries: Record<string, unknown>[] = [];
  for (let i = 0; i < ENTRIES; i++) {
    const s = Math.floor((i * shiftCount) / ENTRIES);
    const shift = shifts[s];
    const at = new Date(Date.parse(shift.startsAt as string) + (hash(i, 1) % (11 * 3600)) * 1000);
    if (at > now) continue;
    const type = pick(TYPES, i, 2);
    const open = type !== 'incident' && hash(i, 3) % 400 === 0;
    entries.push({
      id: uuidv7(),
      ...base(at.toISOString()),
      shiftId: shift.id,
      at: at.toISOString(),
      type,
      people: pick(SURNAMES, i, 4) + pick(GIVEN, i, 5),
      place: pick(PLACES, i, 6),
      action: pick(ACTIONS, i, 7),
      result: '已处理',
      followUpOwnerId: open ? headId : null,
      // incidents of past shifts were closed before their handover
      state: open ? 'open' : type === 'incident' ? 'closed' : 'done',
      closedAt: type === 'incident' ? at.toISOString() : null,
      closedById: type === 'incident' ? headId : null,
      closeNote: type === 'incident' ? '已处置' : null,
    });
  }
  await insertMany(core, 'office_log_entry', entries);
  log(`filled ${shifts.length} shifts, ${entries.length} duty-log entries`);

  // a year of the standard task list: almost all done on time, one in fifty left open past its date
  const tasks: Record<string, unknown>[] = [];
  for (let k = 0; k < TASKS; k++) {
    const assigned = new Date(yearAgo + Math.floor(((k + 0.5) * 358 * DAY) / TASKS));
    const due = new Date(assigned.getTime() + (1 + (hash(k, 30) % 7)) * DAY);
    const open = hash(k, 31) % 50 === 0;
    tasks.push({
      id: uuidv7(),
      ...base(assigned.toISOString()),
      standardCode: null,
      function: pick(TASK_FUNCTIONS, k, 32),
      title: pick(ACTIONS, k, 33),
      note: null,
      assigneeId: headId,
      assignedById: headId,
      assignedOn: localDate(assigned, TZ),
      dueDate: localDate(due, TZ),
      recurrence: 'none',
      status: open ? 'open' : 'done',
      doneAt: open ? null : due.toISOString(),
      doneDate: open ? null : localDate(due, TZ),
      doneById: open ? null : headId,
      evidenceNote: open ? null : '已完成',
      evidenceLinkKind: null,
      evidenceLinkId: null,
      previousTaskId: null,
      nextTaskId: null,
    });
  }
  await insertMany(core, 'office_task', tasks);
  log(`filled ${tasks.length} tasks`);

  // routes, volunteers, goods
  const routes = Array.from({ length: 8 }, (_, r) => ({
    id: uuidv7(),
    ...base(new Date(yearAgo).toISOString()),
    name: `巡逻路线${r + 1}`,
    note: null,
    checkpoints: JSON.stringify(PLACES.slice(0, 3 + (r % 3)).map((place) => ({ key: uuidv7(), addressId: null, place }))),
  }));
  await insertMany(core, 'patrol_route', routes);
  const volunteers = Array.from({ length: VOLUNTEERS }, (_, v) => ({
    id: uuidv7(),
    ...base(new Date(yearAgo).toISOString()),
    cardNo: `ZY${String(v + 1).padStart(4, '0')}`,
    name: pick(SURNAMES, v, 8) + pick(GIVEN, v, 9),
    phone: `139${String(v).padStart(8, '0')}`,
    note: null,
    joinedOn: localDate(new Date(yearAgo), TZ),
  }));
  await insertMany(core, 'patrol_volunteer', volunteers);
  const goods = GOODS.map((g) => ({ id: uuidv7(), ...base(new Date(yearAgo).toISOString()), ...g, stock: 100_000, note: null }));
  await insertMany(core, 'patrol_goods', goods);

  // the patrols: oldest first over the year, each with two to three volunteers and a bicycle
  const patrols: Record<string, unknown>[] = [];
  const findings: Record<string, unknown>[] = [];
  const crews: number[][] = [];
  for (let p = 0; p < PATROLS; p++) {
    const start = new Date(yearAgo + Math.floor(((p + 0.5) * 365 * DAY) / PATROLS));
    const end = new Date(start.getTime() + (45 + (hash(p, 10) % 90)) * 60_000);
    const route = pick(routes, p, 11);
    const crew = [hash(p, 12) % VOLUNTEERS, hash(p, 13) % VOLUNTEERS, hash(p, 14) % VOLUNTEERS].slice(0, 2 + (p % 2));
    crews.push([...new Set(crew)]);
    const id = uuidv7();
    patrols.push({
      id,
      ...base(start.toISOString()),
      routeId: route.id,
      routeName: route.name,
      status: 'ended',
      startedAt: start.toISOString(),
      endedAt: end.toISOString(),
      staff: people,
      volunteers: JSON.stringify(crews[p].map((v) => ({ volunteerId: volunteers[v].id, name: volunteers[v].name, cardNo: volunteers[v].cardNo }))),
      guards: '[]',
      bicycleId: pick(bikes, p, 15).id,
      bicycleReturnedAt: end.toISOString(),
      checkpoints: JSON.stringify((JSON.parse(route.checkpoints) as object[]).map((c) => ({ ...c, at: start.toISOString(), note: null }))),
      note: null,
      dutyEntryId: null,
    });
    if (hash(p, 16) % 5 === 0) {
      findings.push({ id: uuidv7(), ...base(start.toISOString()), patrolId: id, at: start.toISOString(), place: pick(PLACES, p, 17), addressId: null, text: '路灯不亮', outcomeKind: null, outcomeRefId: null });
    }
  }
  await insertMany(core, 'patrol', patrols);
  await insertMany(core, 'patrol_finding', findings);
  log(`filled ${patrols.length} patrols, ${findings.length} findings`);

  // the ledger: patrol earnings first in time order, then redemptions and awards to the total
  type Pending = { v: number; at: number; kind: string; points: number; patrolId?: string; goods?: number };
  const events: Pending[] = [];
  for (const [p, crew] of crews.entries()) {
    for (const v of crew) {
      if (events.length >= LEDGER * 0.6) break;
      events.push({ v, at: Date.parse(patrols[p].endedAt as string), kind: 'patrol', points: 20 + (hash(p, 18) % 20), patrolId: patrols[p].id as string });
    }
  }
  for (let k = 0; events.length < LEDGER; k++) {
    const v = hash(k, 19) % VOLUNTEERS;
    const at = yearAgo + (hash(k, 20) % (364 * DAY));
    if (k % 3 === 0) events.push({ v, at, kind: 'award', points: 10 + (hash(k, 21) % 30) });
    else events.push({ v, at, kind: 'redemption', points: 0, goods: hash(k, 22) % GOODS.length });
  }
  events.sort((a, b) => a.at - b.at);
  const state = volunteers.map(() => ({ seq: 0, balance: 0 }));
  const ledger: Record<string, unknown>[] = [];
  for (const e of events) {
    const s = state[e.v];
    let points = e.points;
    let goodsRow: (typeof goods)[number] | undefined;
    if (e.kind === 'redemption') {
      goodsRow = goods[e.goods!];
      // a redemption the balance cannot pay becomes an award (the total count stays)
      if (s.balance < goodsRow.price) {
        goodsRow = undefined;
        points = 15;
      } else points = -goodsRow.price;
    }
    s.seq += 1;
    s.balance += points;
    const at = new Date(e.at).toISOString();
    ledger.push({
      id: uuidv7(),
      ...base(at),
      volunteerId: volunteers[e.v].id,
      seq: s.seq,
      at,
      kind: goodsRow ? 'redemption' : e.kind === 'redemption' ? 'award' : e.kind,
      points,
      balanceAfter: s.balance,
      reason: e.kind === 'patrol' || goodsRow ? null : '协助破案奖励',
      detail: e.kind === 'patrol' ? JSON.stringify({ minutes: 60, findings: 0, perHour: 10, perPatrol: 5, perFinding: 10, routeName: '巡逻路线' }) : null,
      patrolId: e.patrolId ?? null,
      goodsId: goodsRow?.id ?? null,
      quantity: goodsRow ? 1 : null,
      reversesId: null,
    });
  }
  // rows go in by volunteer and sequence: the running-balance trigger checks each against the last
  ledger.sort((a, b) => (a.volunteerId as string).localeCompare(b.volunteerId as string) || (a.seq as number) - (b.seq as number));
  await insertMany(core, 'patrol_points_entry', ledger);
  log(`filled ${ledger.length} ledger entries`);

  await core.dataSource.query('COMMIT');
  await settleFill(core);
  return (performance.now() - started) / 1000;
};

// ───────────────────────────── measure ─────────────────────────────

const main = async () => {
  const dir = DATA_DIR ? resolve(DATA_DIR) : mkdtempSync(join(tmpdir(), 'station-desk-bench-office-'));
  const now = new Date();
  try {
    const { core, fillSeconds, call } = await openBenchStation(dir, log, `${ENTRIES} duty-log entries, ${PATROLS} patrols, ${VOLUNTEERS} volunteers, ${LEDGER} ledger entries`, (core, stationId, headId) => fill(core, stationId, headId, now));
    const time = async (n: number, f: (k: number) => Promise<unknown>) => {
      for (let k = 0; k < WARMUP; k++) await f(k);
      const wall: number[] = [];
      for (let k = 0; k < n; k++) {
        const t = performance.now();
        await f(k);
        wall.push(performance.now() - t);
      }
      return summary(wall);
    };

    const [counts] = await core.dataSource.query(
      `SELECT (SELECT COUNT(*) FROM "office_log_entry") AS "entries", (SELECT COUNT(*) FROM "office_shift") AS "shifts", (SELECT COUNT(*) FROM "patrol") AS "patrols",
              (SELECT COUNT(*) FROM "patrol_volunteer") AS "volunteers", (SELECT COUNT(*) FROM "patrol_points_entry") AS "ledger",
              (SELECT COUNT(*) FROM "office_task") AS "tasks"`,
    );
    const shiftIds: { id: string }[] = await core.dataSource.query(`SELECT "id" FROM "office_shift" ORDER BY "startsAt"`);
    const volunteerIds: { id: string }[] = await core.dataSource.query(`SELECT "id" FROM "patrol_volunteer" ORDER BY "cardNo"`);
    const goods: { id: string }[] = await core.dataSource.query(`SELECT "id" FROM "patrol_goods" ORDER BY "price" LIMIT 1`);
    // the desk redeems for volunteers who can pay (a refusal is cheaper and would flatter the figure)
    const rich: { id: string }[] = await core.dataSource.query(
      `SELECT v."id" FROM "patrol_volunteer" v ORDER BY (SELECT e."balanceAfter" FROM "patrol_points_entry" e WHERE e."volunteerId" = v."id" ORDER BY e."seq" DESC LIMIT 1) DESC LIMIT 100`,
    );
    const { total: tasksOverdue } = await call('office.taskOverdue', {});
    const current = await call('office.now', {});
    log(`duty log now: ${current.current?.entries.length ?? 0} entries, ${current.current?.carried.length ?? 0} carried`);

    // opening the duty log: the shift on duty (what the menu opens) and any past shift
    const dutyLogNow = await time(SAMPLES, () => call('office.now', {}));
    const dutyLogPast = await time(SAMPLES, (k) => call('office.shiftGet', { id: shiftIds[hash(k, 30) % shiftIds.length].id }));
    const home: Record<string, ReturnType<typeof summary>> = {};
    for (const q of HOME_QUERIES) home[q.name] = await time(SAMPLES, () => call(q.method, q.input));
    const balance = await time(SAMPLES, (k) => call('patrol.volunteerGet', { id: volunteerIds[hash(k, 31) % volunteerIds.length].id }));
    const volunteerList = await time(Math.ceil(SAMPLES / 4), () => call('patrol.volunteers', {}));
    // every redemption is a committed write: points and stock, fsynced
    const redemption = await time(SAMPLES, (k) => call('patrol.redeem', { volunteerId: rich[k % rich.length].id, goodsId: goods[0].id, quantity: 1 }));
    const board = await time(Math.ceil(SAMPLES / 4), () => call('patrol.board', {}));
    await core.close();

    const measured = { dutyLogMs: dutyLogNow, ...Object.fromEntries(Object.entries(home).map(([k, v]) => [`${k}Ms`, v])), balanceMs: balance, redemptionMs: redemption };
    const result = {
      bench: 'office',
      entries: Number(counts.entries),
      shifts: Number(counts.shifts),
      patrols: Number(counts.patrols),
      volunteers: Number(counts.volunteers),
      ledgerEntries: Number(counts.ledger),
      tasks: Number(counts.tasks),
      tasksOverdue,
      samples: SAMPLES,
      ...measured,
      targetP95Ms: TARGET_P95_MS,
      pass: Object.values(measured).every((m) => m.p95 <= TARGET_P95_MS),
      detail: { dutyLogPastShiftMs: dutyLogPast, volunteerListMs: volunteerList, patrolBoardMs: board, dutyLogEntriesNow: current.current?.entries.length ?? 0 },
      fill: fillSeconds === null ? 'reused' : 'sql',
      fillSeconds,
      load: loadavg().map((x) => Math.round(x * 100) / 100),
      node: process.version,
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    if (!DATA_DIR) rmSync(dir, { recursive: true, force: true });
  }
};

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
