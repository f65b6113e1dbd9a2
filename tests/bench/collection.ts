/**
 * Collection benchmark: a large urban station — 120,000 rooms, 300,000 people, 5,000 units — then
 * search-as-you-type, the building chart and the completeness page through the router (the path
 * the UI uses), each search also as the raw SQLite statement that serves it (the floor), and the
 * rows/s of importing a 50,000-row grid workbook of which 3,000 rows are bad. One JSON line on
 * stdout; progress on stderr.
 *
 *   npm run bench:collection -- [--rooms 120000] [--people 300000] [--units 5000]
 *                               [--import-rows 50000] [--samples 200] [--data-dir DIR]
 *
 * The fill uses the zone's own code: buildings through collection.batchRooms, units through
 * collection.unitSave, people through collection.importCommit of generated workbooks (50,000 rows
 * each), so the filled database is what the app itself writes. With --data-dir a filled database
 * is reused and only measured again.
 */
import ExcelJS from 'exceljs';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { checkCharacter } from '../../src/shared/checks/idNumber.js';
import { creditCheckCharacter } from '../../src/shared/checks/creditCode.js';
import { DATABASE_FILE, openCore, type Core } from '../../src/main/core.js';
import { all, closeRaw, openRaw } from '../../src/main/db/cipherFile.js';
import { keyFileProvider } from '../../src/main/db/key.js';
import { pinyinKeys } from '../../src/main/collection/pinyin.js';
import { searchStatements } from '../../src/main/collection/search.service.js';
import { collectionSearch } from '../../src/shared/collection/contract.js';
import { HEAD, STATION_PROFILE } from '../helpers/station.js';

const argv = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
};
const dirArg = (() => {
  const i = argv.indexOf('--data-dir');
  return i >= 0 ? argv[i + 1] : undefined;
})();
const ROOMS = arg('rooms', 120_000);
const PEOPLE = arg('people', 300_000);
const UNITS = arg('units', 5_000);
const IMPORT_ROWS = arg('import-rows', 50_000);
const SAMPLES = arg('samples', 200);
const log = (m: string) => process.stderr.write(`[bench:collection ${new Date().toISOString().slice(11, 19)}] ${m}\n`);

// deterministic data: everything is a function of an index
const hash = (i: number, salt: number) => {
  let h = (Math.imul(i ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(salt + 0x632be5ab, 0xc2b2ae35)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
};
const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'];
const GIVEN = [...'伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国玉红梅鑫波斌宇浩凯健俊帆帅旭宁晨阳雪琳晶欣怡佳丹萍'];
const nameOf = (i: number) => SURNAMES[hash(i, 1) % SURNAMES.length] + GIVEN[hash(i, 2) % GIVEN.length] + (hash(i, 3) % 3 ? GIVEN[hash(i, 4) % GIVEN.length] : '');
/** distinct valid ID numbers: division, birth date and sequence all derive from i */
const idOf = (i: number) => {
  const divisions = ['220102', '220103', '220104', '220105', '220106', '220202', '220702', '220721', '220722', '220781'];
  const day = new Date(Date.UTC(1940, 0, 1) + (i % 24_000) * 86_400_000);
  const ymd = day.toISOString().slice(0, 10).replace(/-/g, '');
  const seq = String(Math.floor(i / 24_000) % 1000).padStart(3, '0');
  const first17 = divisions[Math.floor(i / 24_000_000) % divisions.length] + ymd + seq;
  return first17 + checkCharacter(first17);
};
const phoneOf = (i: number) => `13${String(i).padStart(9, '0')}`;

const percentile = (values: number[], p: number) => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const round = (v: number) => Math.round(v * 100) / 100;

const call = async <T = any>(core: Core, token: string, method: string, input: unknown): Promise<T> => {
  const r = await core.call(method, input, { token });
  if (!r.ok) throw new Error(`${method}: ${JSON.stringify(r.error)}`);
  return r.result as T;
};

interface Layout {
  buildings: { id: string; compound: string; name: string; units: number; floors: number; perFloor: number }[];
}

/** Rooms as buildings of 2 units × 18 floors × 4, spread over streets and 小区. */
const fill = async (core: Core, token: string): Promise<void> => {
  const t0 = performance.now();
  const division = await call(core, token, 'collection.addNode', { parentId: null, kind: 'division', name: '宁江区', code: '220702', policeArea: '繁荣警务区' });
  const perBuilding = 2 * 18 * 4;
  const buildingCount = Math.ceil(ROOMS / perBuilding);
  const layout: Layout = { buildings: [] };
  let street: any = null;
  let compound: any = null;
  for (let b = 0; b < buildingCount; b++) {
    if (b % 200 === 0) street = await call(core, token, 'collection.addNode', { parentId: division.id, kind: 'street', name: `${['繁荣', '幸福', '和平', '建设', '人民', '文化', '长宁', '乌兰'][Math.floor(b / 200) % 8]}${Math.floor(b / 1600) || ''}路` });
    if (b % 20 === 0) {
      const door = await call(core, token, 'collection.addNode', { parentId: street.id, kind: 'door', name: `${(Math.floor(b / 20) % 10) * 2 + 1}号` });
      compound = await call(core, token, 'collection.addNode', { parentId: door.id, kind: 'compound', name: `${['锦绣', '阳光', '翠苑', '金色', '东方'][Math.floor(b / 20) % 5]}${Math.floor(b / 20)}小区`, grid: `第${(Math.floor(b / 20) % 12) + 1}网格` });
    }
    const building = await call(core, token, 'collection.addNode', { parentId: compound.id, kind: 'building', name: `${(b % 20) + 1}栋` });
    await call(core, token, 'collection.batchRooms', { buildingId: building.id, units: 2, floors: 18, roomsPerFloor: 4 });
    layout.buildings.push({ id: building.id, compound: compound.name, name: building.name, units: 2, floors: 18, perFloor: 4 });
    if (b % 50 === 49) log(`rooms: ${(b + 1) * perBuilding} (${Math.round((performance.now() - t0) / 1000)} s)`);
  }
  log(`rooms done: ${buildingCount * perBuilding} in ${Math.round((performance.now() - t0) / 1000)} s`);

  const t1 = performance.now();
  for (let u = 0; u < UNITS; u++) {
    const first17 = `92220702MA${String(u).padStart(7, '0')}`;
    await call(core, token, 'collection.unitSave', {
      name: `${nameOf(u + 1_000_000).slice(0, 2)}${['超市', '餐馆', '药店', '理发店', '五金店', '宾馆'][u % 6]}${u}`,
      creditCode: first17 + creditCheckCharacter(first17),
      category: 'shop',
      legalRepresentative: nameOf(u + 2_000_000),
      securityOfficer: u % 7 ? nameOf(u + 3_000_000) : null,
    });
  }
  log(`units done: ${UNITS} in ${Math.round((performance.now() - t1) / 1000)} s`);

  // people: a household of 2–3 in most rooms, through the import of grid workbooks
  const t2 = performance.now();
  const roomTexts: string[] = [];
  for (const b of layout.buildings) for (let u = 1; u <= 2; u++) for (let f = 1; f <= 18; f++) for (let r = 1; r <= 4; r++) roomTexts.push(`${b.compound}${b.name}${u}单元${f}${String(r).padStart(2, '0')}室`);
  const chunk = 50_000;
  for (let start = 0; start < PEOPLE; start += chunk) {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('实有人口');
    ws.addRow(['姓名', '公民身份号码', '联系电话', '民族', '现住址', '人员类别']);
    for (let i = start; i < Math.min(PEOPLE, start + chunk); i++) {
      ws.addRow([nameOf(i), idOf(i), hash(i, 5) % 5 ? phoneOf(i) : '', hash(i, 6) % 9 ? '汉族' : '', roomTexts[Math.floor(i / 2.5) % roomTexts.length], ['常住', '户籍', '流动'][hash(i, 7) % 3]]);
    }
    const data = Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
    const r = await call(core, token, 'collection.importCommit', { fileName: `fill-${start}.xlsx`, data, source: 'bench fill' });
    log(`people: ${start + chunk} (${JSON.stringify(r.counts)}, ${Math.round((performance.now() - t2) / 1000)} s)`);
  }
};

const main = async () => {
  const dataDir = dirArg ?? mkdtempSync(join(tmpdir(), 'bench-collection-'));
  const filled = existsSync(join(dataDir, DATABASE_FILE));
  const core = await openCore({ dataDir, logger: pino({ level: 'silent' }) });
  let token: string;
  try {
    if (!filled) await call(core, '', 'station.setup', { station: STATION_PROFILE, head: HEAD });
    token = (await call<{ token: string }>(core, '', 'auth.login', { username: HEAD.username, password: HEAD.password })).token;
    const started = performance.now();
    if (!filled) await fill(core, token);
    const fillSeconds = Math.round((performance.now() - started) / 1000);
    const [counts] = await core.dataSource.query(
      `SELECT (SELECT COUNT(*) FROM address_node WHERE kind = 'room') AS rooms, (SELECT COUNT(*) FROM resident) AS people, (SELECT COUNT(*) FROM collection_unit) AS units`,
    );
    log(`measuring on ${JSON.stringify(counts)}`);

    // the floor: the same statements on the same encrypted file through the SQLCipher driver alone,
    // with the station's key and the page cache and durability the station's connection has
    const raw = await openRaw(join(dataDir, DATABASE_FILE), await keyFileProvider(dataDir).get());
    const rawAll = (sql: string, params: unknown[] = []) => all(raw, sql, params);
    await rawAll('PRAGMA synchronous = FULL');
    await rawAll('PRAGMA cache_size = -65536');
    // the floor: exactly the statements the router runs for the query (the head sees numbers in
    // full), on raw sqlite3, hits and all, and like the router it stops running them once it has
    // the limit's worth of distinct records (running every statement would be more work than the
    // router does, and the ratio would flatter it);
    // a search by digits confirms ID or phone numbers, so the router audits it in a transaction of
    // its own (the entry's commit waits for the disk): the floor writes the same entry the same way
    const audited = (q: string) => (collectionSearch.auditRead as (input: { q: string }) => boolean)({ q });
    const rawSearch = async (q: string) => {
      const audit = audited(q);
      if (audit) await rawAll('BEGIN');
      const found: { id: string }[] = [];
      const seen = new Set<string>();
      for (const st of searchStatements(q, 20, true)) {
        if (seen.size >= 20) break;
        for (const row of (await rawAll(st.sql, st.params)) as Record<string, string | null>[]) {
          if (st.keep && !st.keep(row)) continue;
          const id = row.id!;
          if (seen.has(id) || seen.size >= 20) continue;
          seen.add(id);
          found.push({ id });
        }
      }
      if (audit) {
        await rawAll(`INSERT INTO "audit_log" ("id", "at", "staffId", "staffName", "method", "recordId", "detail") VALUES (?, ?, NULL, NULL, ?, ?, ?)`, [
          randomUUID(), new Date().toISOString(), 'collection.search', found[0]?.id ?? null, `search by number: ${Math.min(20, found.length)} found`,
        ]);
        await rawAll('COMMIT');
      }
    };
    const compounds = Math.ceil(Math.ceil(ROOMS / 144) / 20);
    const kinds: Record<string, (i: number) => string> = {
      name: (i) => nameOf(hash(i, 11) % PEOPLE).slice(0, 2),
      initials: (i) => pinyinKeys(nameOf(hash(i, 12) % PEOPLE)).initials,
      pinyin: (i) => pinyinKeys(nameOf(hash(i, 16) % PEOPLE)).pinyin.slice(0, 6),
      idSuffix: (i) => idOf(hash(i, 13) % PEOPLE).slice(-6),
      phone: (i) => phoneOf(hash(i, 14) % PEOPLE).slice(0, 8),
      // a room by its address as a grid worker types it: with or without the compound, 号楼 or 栋, 室 or not
      room: (i) => {
        const b = hash(i, 17) % Math.ceil(ROOMS / 144);
        const n = Math.floor(b / 20);
        const where = `${(b % 20) + 1}${['栋', '号楼', '幢'][i % 3]}${(hash(i, 18) % 2) + 1}单元${(hash(i, 19) % 18) + 1}0${(hash(i, 20) % 4) + 1}${i % 2 ? '室' : ''}`;
        return i % 4 === 0 ? `${['锦绣', '阳光', '翠苑', '金色', '东方'][n % 5]}${n}小区${where}` : where;
      },
      address: (i) => {
        const n = hash(i, 15) % compounds;
        return `${['锦绣', '阳光', '翠苑', '金色', '东方'][n % 5]}${n}小区`;
      },
    };
    const search: Record<string, { p50: number; p95: number; rawP95: number; ratio: number; hits: number }> = {};
    for (const [kind, queryOf] of Object.entries(kinds)) {
      const times: number[] = [];
      const rawTimes: number[] = [];
      let hits = 0;
      for (let i = 0; i < SAMPLES + 10; i++) {
        const q = queryOf(i);
        const t = performance.now();
        const r = await call<unknown[]>(core, token, 'collection.search', { q, limit: 20 });
        const d = performance.now() - t;
        const t2 = performance.now();
        await rawSearch(q);
        const d2 = performance.now() - t2;
        if (i >= 10) {
          times.push(d);
          rawTimes.push(d2);
          hits += r.length > 0 ? 1 : 0;
        }
      }
      const p95 = percentile(times, 95);
      const rawP95 = percentile(rawTimes, 95);
      search[kind] = { p50: round(percentile(times, 50)), p95: round(p95), rawP95: round(rawP95), ratio: round(p95 / rawP95), hits };
      log(`search ${kind}: ${JSON.stringify(search[kind])}`);
    }
    await closeRaw(raw);

    const buildings: { id: string }[] = await core.dataSource.query(`SELECT id FROM address_node WHERE kind = 'building'`);
    const chartTimes: number[] = [];
    for (let i = 0; i < SAMPLES + 10; i++) {
      const t = performance.now();
      await call(core, token, 'collection.chart', { buildingId: buildings[hash(i, 21) % buildings.length].id });
      if (i >= 10) chartTimes.push(performance.now() - t);
    }
    log(`chart p95 ${round(percentile(chartTimes, 95))} ms`);

    // the first opening counts everything; opening it again while nothing was written reuses the figures
    let tc = performance.now();
    await call(core, token, 'collection.completeness', {});
    const completenessCountMs = performance.now() - tc;
    const completenessTimes: number[] = [];
    for (let i = 0; i < 50; i++) {
      tc = performance.now();
      await call(core, token, 'collection.completeness', {});
      completenessTimes.push(performance.now() - tc);
    }
    log(`completeness: counted in ${Math.round(completenessCountMs)} ms, reopened p95 ${round(percentile(completenessTimes, 95))} ms`);

    // a grid worker's workbook: 50,000 new people, 3,000 of the rows bad
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('实有人口');
    ws.addRow(['姓名', '公民身份号码', '联系电话', '现住址', '人员类别', '来本地日期']);
    const roomsText: { fullText: string }[] = await core.dataSource.query(`SELECT fullText FROM address_node WHERE kind = 'room' LIMIT 5000`);
    // new people each run, also on a reused database
    const base = Number(counts.people) + 1_000_000;
    let bad = 0;
    for (let i = 0; i < IMPORT_ROWS; i++) {
      let id: ExcelJS.CellValue = idOf(base + i);
      let address = roomsText[i % roomsText.length].fullText;
      if (i % Math.floor(IMPORT_ROWS / 3000) === 0 && bad < Math.round((IMPORT_ROWS * 3) / 50)) {
        bad += 1;
        if (bad % 2) id = `${String(id).slice(0, 17)}${String(id)[17] === '1' ? '2' : '1'}`;
        else address = '宁江区无此路1号';
      }
      ws.addRow([nameOf(base + i), id, phoneOf(base + i), address, '流动', 45352 + (i % 300)]);
    }
    const data = Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
    const file = { fileName: 'grid.xlsx', data, source: 'bench grid worker' };
    let t = performance.now();
    const preview = await call(core, token, 'collection.importPreview', file);
    const previewMs = performance.now() - t;
    t = performance.now();
    // CPU time of this process (every thread, SQLite's included): on a shared machine the wall
    // time mostly measures the other work on it, the CPU time what the import itself costs
    const cpu = process.cpuUsage();
    const committed = await call(core, token, 'collection.importCommit', file);
    const commitMs = performance.now() - t;
    const cpuUsed = process.cpuUsage(cpu);
    const commitCpuMs = (cpuUsed.user + cpuUsed.system) / 1000;
    log(`import: preview ${Math.round(previewMs)} ms, commit ${Math.round(commitMs)} ms, ${JSON.stringify(committed.counts)}`);

    const result = {
      bench: 'collection',
      data: counts,
      fillSeconds: filled ? null : fillSeconds,
      searchP95Ms: Math.max(...Object.values(search).map((s) => s.p95)),
      searchWorstRatioToRaw: Math.max(...Object.values(search).map((s) => s.ratio)),
      search,
      chartP95Ms: round(percentile(chartTimes, 95)),
      completenessCountMs: Math.round(completenessCountMs),
      completenessReopenP95Ms: round(percentile(completenessTimes, 95)),
      import: {
        rows: IMPORT_ROWS,
        bad: preview.counts.rejected,
        counts: committed.counts,
        previewMs: Math.round(previewMs),
        commitMs: Math.round(commitMs),
        rowsPerSecond: Math.round(IMPORT_ROWS / (commitMs / 1000)),
        commitCpuMs: Math.round(commitCpuMs),
        rowsPerCpuSecond: Math.round(IMPORT_ROWS / (commitCpuMs / 1000)),
      },
      targets: { searchP95Ms: 30, searchRatioToRaw: 3, chartP95Ms: 50, importRowsPerSecond: 5000 },
      loadAverage: loadavg().map(round),
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await core.close();
    if (!dirArg) rmSync(dataDir, { recursive: true, force: true });
  }
};

void main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
