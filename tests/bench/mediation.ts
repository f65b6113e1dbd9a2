/**
 * Mediation benchmark: a station with 100,000 cases and 300,000 parties over five years, then,
 * through the router exactly as the screens call it (synchronous=FULL): the case queue with its
 * countdowns, one case's risk score, and the statistics page's query. Prints one JSON line to
 * stdout; progress goes to stderr.
 *
 *   npx tsx tests/bench/mediation.ts [--cases 100000] [--parties-per-case 3] [--data-dir DIR] [--samples 200]
 *
 * Without --data-dir a temp dir is used and removed at the end. With --data-dir a filled station is
 * reused as it is (a second run only measures).
 *
 * The fill writes rows with SQL in large transactions (synchronous=OFF for the fill only): opening
 * 100,000 cases through the router one by one, each re-scored, would take the better part of an
 * hour and measure nothing the targets ask about. The outbox triggers run as in the app. The data
 * is a pure function of the case's index: a few hundred people come back in several disputes, a
 * few thousand places repeat, and most cases are long archived, as at a real station, with a tail
 * of late ones (no filter may hide those, so the queue always returns them).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { v7 as uuidv7 } from 'uuid';
import type { Core } from '../../src/main/core.js';
import { checkCharacter } from '../../src/shared/checks/idNumber.js';
import { DISPUTE_TYPES, concludeDueDate, endOfLocalDay, formatCaseNo, judicialConfirmationDeadline, placeKey, type CaseStatus } from '../../src/shared/mediation/model.js';
import { localDate } from '../../src/shared/time.js';
import { insertMany, openBenchStation, settleFill, summary } from './common.js';

const argv = process.argv.slice(2);
const arg = (name: string): string | undefined => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const CASES = Number(arg('cases') ?? 100_000);
const PARTIES_PER_CASE = Number(arg('parties-per-case') ?? 3);
const SAMPLES = Number(arg('samples') ?? 200);
const DATA_DIR = arg('data-dir');
const WARMUP = 10;
const TARGETS = { queueP95Ms: 50, riskP95Ms: 10, statsP95Ms: 200 };
const TZ = 'Asia/Shanghai';
const log = (m: string) => process.stderr.write(`[bench:mediation ${new Date().toISOString().slice(11, 19)}] ${m}\n`);

// ───────────────────────────── deterministic data ─────────────────────────────

const hash = (i: number, salt: number): number => {
  let h = (Math.imul(i ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(salt + 0x632be5ab, 0xc2b2ae35)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
};
const unit = (i: number, salt: number) => hash(i, salt) / 4294967296;
const pick = <T>(list: readonly T[], i: number, salt: number): T => list[hash(i, salt) % list.length];

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '高', '罗'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀英', '桂英', '建国'];
const ROADS = ['繁荣路', '松江大街', '长宁北街', '沿江东路', '锦江大街', '文化路', '乌兰大街', '建华路'];
const FACTS = [
  '楼上卫生间漏水，楼下天花板受损，双方就赔偿协商未果。',
  '邻居在楼道堆放杂物，多次劝说无效，双方发生口角。',
  '夫妻因家庭琐事争吵，一方要求调解。',
  '装修噪音影响休息，双方争执不下。',
  '拖欠工资三个月，员工要求结清。',
  '借款到期未还，出借人多次催要无果。',
  '电动车与行人剐蹭，就医疗费发生争议。',
  '购买的商品质量有问题，商家拒绝退货。',
  '物业费收费标准有争议，业主拒交。',
  '对方扬言要报复，双方情绪激动。',
];
const MINUTES = ['双方陈述各自意见，调解员释法说理。', '双方同意继续协商，约定下次调解时间。', '一方情绪激动，拍桌离场，调解暂停。', '双方就赔偿数额达成初步一致。'];

/** The people: a population of this size gives ~1.5 disputes per person over five years. */
const PEOPLE = Math.round((CASES * PARTIES_PER_CASE) / 1.5);
const PLACES = Math.max(100, Math.round(CASES / 20));
const personId = (p: number) => {
  const birth = new Date(Date.UTC(1950, 0, 1) + (p % 18000) * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
  const first17 = `220702${birth}${String(Math.floor(p / 18000) % 1000).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
};
const personName = (p: number) => pick(SURNAMES, p, 1) + pick(GIVEN, p, 2);
const placeOf = (k: number) => `${pick(ROADS, k, 3)}${(k % 300) + 1}号`;

// ───────────────────────────── fill ─────────────────────────────

const fill = async (core: Core, stationId: string, headId: string, now: Date) => {
  const started = performance.now();
  const base = (at: string) => ({ stationId, createdAt: at, updatedAt: at, createdBy: headId, updatedBy: headId, version: 1, cancelledAt: null, cancelReason: null });
  // the pool: forty mediators
  const mediators = Array.from({ length: 40 }, (_, m) => ({
    id: uuidv7(),
    ...base(new Date(now.getTime() - 6 * 365 * 86_400_000).toISOString()),
    name: `${pick(SURNAMES, m, 9)}调解员${m + 1}`,
    specialties: JSON.stringify([pick(DISPUTE_TYPES, m, 10), pick(DISPUTE_TYPES, m, 11)]),
    organisation: '繁荣社区人民调解委员会',
    phone: null,
    availability: 'available',
    note: null,
    origin: 'station',
    staffId: null,
    active: 1,
  }));
  await insertMany(core, 'mediator', mediators);

  const SPAN_DAYS = 5 * 365;
  const caseSeqByYear = new Map<number, number>();
  await core.dataSource.query('PRAGMA synchronous = OFF');
  const BATCH = 5000;
  for (let from = 0; from < CASES; from += BATCH) {
    const cases: Record<string, unknown>[] = [];
    const parties: Record<string, unknown>[] = [];
    const assignments: Record<string, unknown>[] = [];
    const sessions: Record<string, unknown>[] = [];
    const agreements: Record<string, unknown>[] = [];
    const followUps: Record<string, unknown>[] = [];
    for (let i = from; i < Math.min(CASES, from + BATCH); i++) {
      // oldest first, evenly over five years, so case numbers follow registration
      const ageDays = SPAN_DAYS * (1 - (i + unit(i, 4)) / CASES);
      const registered = new Date(now.getTime() - ageDays * 86_400_000);
      const at = registered.toISOString();
      const regDate = localDate(registered, TZ);
      const year = Number(regDate.slice(0, 4));
      const seq = (caseSeqByYear.get(year) ?? 0) + 1;
      caseSeqByYear.set(year, seq);
      const u = unit(i, 5);
      let status: CaseStatus;
      if (ageDays < 2) status = u < 0.5 ? 'registered' : 'accepted';
      else if (ageDays < 35) status = u < 0.4 ? 'mediating' : u < 0.6 ? 'agreed' : u < 0.7 ? 'followedUp' : u < 0.8 ? 'failed' : u < 0.9 ? 'declined' : 'archived';
      // a long tail of forgotten ones: late conclusions and visits never made
      else status = u < 0.0003 ? 'mediating' : u < 0.0008 ? 'agreed' : u < 0.02 ? 'cancelled' : 'archived';
      const outcome: string | null =
        status === 'declined' ? 'declined'
        : status === 'failed' ? 'failed'
        : ['agreed', 'followedUp'].includes(status) ? 'agreed'
        : status === 'archived' ? (u < 0.7 ? 'agreed' : u < 0.9 ? 'failed' : 'declined')
        : null;
      const accepted = status !== 'registered' && status !== 'cancelled' && outcome !== 'declined';
      const decided = status !== 'registered' && status !== 'cancelled';
      const decidedAt = decided ? new Date(registered.getTime() + 3 * 3_600_000) : null;
      const acceptedAt = accepted ? decidedAt : null;
      const started = accepted && status !== 'accepted' ? new Date(registered.getTime() + (unit(i, 6) < 0.1 ? 30 : 10) * 3_600_000) : null;
      const concludedAt = outcome && outcome !== 'declined' ? new Date(registered.getTime() + (3 + unit(i, 7) * 40) * 86_400_000) : null;
      const concluded = concludedAt && concludedAt.getTime() < now.getTime() ? concludedAt : outcome && outcome !== 'declined' ? new Date(now.getTime() - 3_600_000) : null;
      const acceptedDate = acceptedAt ? localDate(acceptedAt, TZ) : null;
      const dueDate = acceptedDate ? concludeDueDate(acceptedDate) : null;
      const id = uuidv7();
      const score = Math.floor(unit(i, 8) ** 3 * 100);
      const level = score >= 60 ? 'high' : score >= 30 ? 'medium' : 'low';
      const place = placeOf(hash(i, 12) % PLACES);
      cases.push({
        id,
        ...base(at),
        cancelledAt: status === 'cancelled' ? at : null,
        cancelReason: status === 'cancelled' ? '重复登记' : null,
        caseYear: year,
        caseSeq: seq,
        caseNo: formatCaseNo(year, seq),
        type: pick(DISPUTE_TYPES, i, 13),
        place,
        placeKey: placeKey(place),
        addressId: null,
        facts: pick(FACTS, i, 14),
        matters: null,
        evidence: null,
        investigation: null,
        tags: '[]',
        source: pick(['walkIn', 'referral', 'direct'], i, 15),
        walkInId: null,
        referredById: null,
        referredAt: null,
        status,
        outcome,
        registeredAt: at,
        registeredDate: regDate,
        registeredById: headId,
        decidedAt: decidedAt?.toISOString() ?? null,
        decidedDate: decidedAt ? localDate(decidedAt, TZ) : null,
        decidedById: decided ? headId : null,
        declineReason: outcome === 'declined' ? '一方不同意调解' : null,
        refusingPartyId: null,
        acceptedAt: acceptedAt?.toISOString() ?? null,
        startDueAt: acceptedAt ? new Date(acceptedAt.getTime() + 24 * 3_600_000).toISOString() : null,
        startedAt: started?.toISOString() ?? null,
        concludeDueDate: dueDate,
        concludeDueAt: dueDate ? endOfLocalDay(dueDate, TZ) : null,
        extendedAt: null,
        extendedById: null,
        extensionReason: null,
        extendedFromDate: null,
        extensionConsents: null,
        extensionConsentNote: null,
        concludedAt: concluded?.toISOString() ?? null,
        concludedDate: concluded ? localDate(concluded, TZ) : null,
        concludedById: concluded ? headId : null,
        failureFeedback: outcome === 'failed' ? '双方分歧较大。' : null,
        failureAcknowledgedAt: outcome === 'failed' && (status === 'archived' || unit(i, 16) < 0.5) ? concluded?.toISOString() : null,
        failureAcknowledgedById: outcome === 'failed' && (status === 'archived' || unit(i, 16) < 0.5) ? headId : null,
        failureAcknowledgeNote: null,
        archivedAt: status === 'archived' ? (concluded ?? decidedAt)?.toISOString() : null,
        archivedById: status === 'archived' ? headId : null,
        riskScore: score,
        riskLevel: level,
        riskReasons: '[]',
        riskAt: at,
        riskPeakLevel: level,
      });
      for (let k = 0; k < PARTIES_PER_CASE; k++) {
        const person = hash(i * PARTIES_PER_CASE + k, 20) % PEOPLE;
        parties.push({
          id: uuidv7(),
          ...base(at),
          caseId: id,
          seq: k + 1,
          name: personName(person),
          idType: 'resident',
          idNumber: personId(person),
          phone: `13${String(person).padStart(9, '0')}`,
          address: null,
          role: k === 0 ? 'applicant' : k === 1 ? 'respondent' : 'thirdParty',
          representative: null,
          claim: k < 2 ? '要求对方赔偿损失。' : null,
          tags: '[]',
        });
      }
      if (accepted) {
        assignments.push({ id: uuidv7(), ...base(at), caseId: id, mediatorId: pick(mediators, i, 21).id, chosenByParties: 0, assignedAt: at, assignedById: headId });
      }
      if (started) {
        sessions.push({
          id: uuidv7(),
          ...base(started.toISOString()),
          caseId: id,
          seq: 1,
          heldAt: started.toISOString(),
          place: '警务室调解室',
          attendeePartyIds: '[]',
          otherAttendees: null,
          minutes: pick(MINUTES, i, 22),
          signedPartyIds: '[]',
          mediatorSigned: 1,
          recordedById: headId,
        });
      }
      if (outcome === 'agreed' && concluded) {
        const agreedDate = localDate(concluded, TZ);
        agreements.push({
          id: uuidv7(),
          ...base(concluded.toISOString()),
          caseId: id,
          liability: null,
          terms: '被申请人赔偿申请人损失。',
          performanceMethod: null,
          performancePlace: null,
          performanceDueDate: null,
          agreedAt: concluded.toISOString(),
          agreedDate,
          judicialDeadline: judicialConfirmationDeadline(agreedDate),
          recordedById: headId,
        });
        // a visit not yet made is mostly still ahead; the forgotten ones of the long tail are late
        const visitAt = status === 'agreed' && ageDays < 35 ? now.getTime() + (hash(i, 23) % 14) * 86_400_000 : concluded.getTime() + 14 * 86_400_000;
        const visitDate = localDate(new Date(visitAt), TZ);
        const done = status !== 'agreed';
        followUps.push({
          id: uuidv7(),
          ...base(concluded.toISOString()),
          caseId: id,
          scheduledDate: visitDate,
          scheduledById: headId,
          doneAt: done ? concluded.toISOString() : null,
          doneDate: done ? visitDate : null,
          doneById: done ? headId : null,
          performance: done ? 'full' : null,
          notes: done ? '已履行。' : null,
        });
      }
    }
    await core.dataSource.query('BEGIN');
    await insertMany(core, 'mediation_case', cases);
    await insertMany(core, 'mediation_party', parties);
    await insertMany(core, 'mediation_assignment', assignments);
    await insertMany(core, 'mediation_session', sessions);
    await insertMany(core, 'mediation_agreement', agreements);
    await insertMany(core, 'mediation_follow_up', followUps);
    await core.dataSource.query('COMMIT');
    if ((from / BATCH) % 4 === 3) log(`filled ${Math.min(CASES, from + BATCH)} cases`);
  }
  await settleFill(core);
  return (performance.now() - started) / 1000;
};

// ───────────────────────────── main ─────────────────────────────

const main = async () => {
  const dir = DATA_DIR ? resolve(DATA_DIR) : mkdtempSync(join(tmpdir(), 'station-desk-bench-mediation-'));
  const now = new Date();
  try {
    const { core, fillSeconds, call } = await openBenchStation(dir, log, `${CASES} cases, ${CASES * PARTIES_PER_CASE} parties`, (core, stationId, headId) => fill(core, stationId, headId, now));
    // wall time is what the targets are about; CPU time (this process, SQLite's threads included)
    // says what the call costs when the machine is shared and wall time waits for a core
    const time = async (n: number, f: (k: number) => Promise<unknown>) => {
      for (let k = 0; k < WARMUP; k++) await f(k);
      const wall: number[] = [];
      const cpu: number[] = [];
      for (let k = 0; k < n; k++) {
        const c0 = process.cpuUsage();
        const t = performance.now();
        await f(k);
        wall.push(performance.now() - t);
        const c = process.cpuUsage(c0);
        cpu.push((c.user + c.system) / 1000);
      }
      return { ...summary(wall), cpuP50: summary(cpu).p50, cpuP95: summary(cpu).p95 };
    };

    const [{ cases, parties, open }] = await core.dataSource.query(
      `SELECT (SELECT COUNT(*) FROM "mediation_case") AS "cases", (SELECT COUNT(*) FROM "mediation_party") AS "parties",
              (SELECT COUNT(*) FROM "mediation_case" WHERE "status" NOT IN ('archived', 'cancelled')) AS "open"`,
    );
    const first = await call('mediation.queue', { limit: 200 });
    log(`queue: ${first.total} open, ${first.overdue} overdue, ${first.cases.length} lines`);
    // every case a person could open: most are long archived
    const ids: { id: string }[] = await core.dataSource.query(`SELECT "id" FROM "mediation_case" ORDER BY "id"`);
    const caseAt = (k: number) => ids[hash(k, 99) % ids.length].id;

    const queue = await time(SAMPLES, () => call('mediation.queue', { limit: 200 }));
    const queueFiltered = await time(Math.ceil(SAMPLES / 4), (k) => call('mediation.queue', { limit: 200, type: DISPUTE_TYPES[k % DISPUTE_TYPES.length] }));
    const risk = await time(SAMPLES * 2, (k) => call('mediation.risk', { id: caseAt(k) }));
    const year = localDate(now, TZ).slice(0, 4);
    // the statistics page opens on the last twelve months
    const toMonth = localDate(now, TZ).slice(0, 7);
    const fromD = new Date(now);
    fromD.setUTCMonth(fromD.getUTCMonth() - 11);
    const fromMonth = localDate(fromD, TZ).slice(0, 7);
    const stats = await time(Math.ceil(SAMPLES / 4), () => call('mediation.stats', { from: fromMonth, to: toMonth }));
    const statsAllTime = await time(Math.ceil(SAMPLES / 10), () => call('mediation.stats', {}));
    const alerts = await time(Math.ceil(SAMPLES / 4), () => call('mediation.alerts', {}));
    await core.close();

    const result = {
      bench: 'mediation',
      cases: Number(cases),
      parties: Number(parties),
      openCases: Number(open),
      overdue: first.overdue,
      queueLines: first.cases.length,
      samples: SAMPLES,
      queueMs: queue,
      riskMs: risk,
      statsMs: stats,
      targets: TARGETS,
      pass: queue.p95 <= TARGETS.queueP95Ms && risk.p95 <= TARGETS.riskP95Ms && stats.p95 <= TARGETS.statsP95Ms,
      detail: { queueByTypeMs: queueFiltered, statsAllTimeMs: statsAllTime, alertsMs: alerts, statsRange: `${fromMonth}..${toMonth}`, year },
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
