/**
 * The overview as files for HQ staff: CSV (opens in Excel and anything else) and an Excel
 * workbook with a sheet per subject. Both carry the same columns, in the staff member's language.
 */
import ExcelJS from 'exceljs';
import { localDateTime } from '../shared/time.js';
import type { Overview } from './service.js';

type Lang = 'zh' | 'en';
type StationLine = Overview['stations'][number];

const pct = (part: number, whole: number): number | null => (whole > 0 ? Math.round((part / whole) * 1000) / 10 : null);

const HEADS: Record<Lang, Record<string, string>> = {
  zh: {
    code: '警务室编码',
    name: '警务室',
    district: '辖区',
    lastSync: '最后同步',
    backlog: '待上传',
    walkIns: '来访合计',
    cases: '调解案件',
    rooms: '房间',
    roomsCollected: '已采集房间',
    roomsRate: '房间采集率%',
    people: '实有人口',
    peopleVerified: '已核实人口',
    peopleRate: '人口核实率%',
    faults: '数据问题',
    rosterMonth: '排班月份',
    hasRoster: '已排班',
    gapDays: '缺岗天数',
    gapCells: '缺岗班次',
    peopleShort: '缺员人次',
    total: '合计',
    yes: '是',
    no: '否',
    sheetStations: '警务室',
    sheetWalkIns: '来访（按日）',
    day: '日期',
  },
  en: {
    code: 'Station code',
    name: 'Station',
    district: 'District',
    lastSync: 'Last sync',
    backlog: 'Backlog',
    walkIns: 'Walk-ins',
    cases: 'Mediation cases',
    rooms: 'Rooms',
    roomsCollected: 'Rooms collected',
    roomsRate: 'Rooms collected %',
    people: 'People',
    peopleVerified: 'People verified',
    peopleRate: 'People verified %',
    faults: 'Data faults',
    rosterMonth: 'Roster month',
    hasRoster: 'Rostered',
    gapDays: 'Days with gaps',
    gapCells: 'Short shifts',
    peopleShort: 'People short',
    total: 'Total',
    yes: 'yes',
    no: 'no',
    sheetStations: 'Stations',
    sheetWalkIns: 'Walk-ins by day',
    day: 'Day',
  },
};

const FIGURE_KEYS = ['code', 'name', 'district', 'lastSync', 'backlog', 'walkIns', 'cases', 'rooms', 'roomsCollected', 'roomsRate', 'people', 'peopleVerified', 'peopleRate', 'faults', 'rosterMonth', 'hasRoster', 'gapDays', 'gapCells', 'peopleShort'] as const;

/** One station's figures in FIGURE_KEYS order; empty where the station has not reported. */
const stationCells = (s: StationLine, h: Record<string, string>): (string | number | null)[] => {
  const c = s.collection;
  const r = s.roster;
  return [
    s.code,
    s.name,
    s.district,
    // as the overview page shows it: the station's own clock, to the minute
    s.lastSyncAt ? localDateTime(s.lastSyncAt, s.timeZone) : '',
    s.backlog,
    s.walkInTotal,
    Object.values(s.mediation).reduce((a, n) => a + n, 0),
    c?.rooms ?? null,
    c?.roomsCollected ?? null,
    c ? pct(c.roomsCollected, c.rooms) : null,
    c?.people ?? null,
    c?.peopleVerified ?? null,
    c ? pct(c.peopleVerified, c.people) : null,
    c?.faults ?? null,
    r?.month ?? null,
    r ? (r.hasRoster ? h.yes : h.no) : null,
    r?.gapDays ?? null,
    r?.gapCells ?? null,
    r?.peopleShort ?? null,
  ];
};

const totalCells = (o: Overview, h: Record<string, string>): (string | number | null)[] => {
  const c = o.totals.collection;
  const r = o.totals.roster;
  return [
    h.total,
    '',
    '',
    '',
    o.totals.backlog,
    o.totals.walkInTotal,
    o.stations.reduce((a, s) => a + Object.values(s.mediation).reduce((x, n) => x + n, 0), 0),
    c.rooms,
    c.roomsCollected,
    pct(c.roomsCollected, c.rooms),
    c.people,
    c.peopleVerified,
    pct(c.peopleVerified, c.people),
    c.faults,
    '',
    '',
    r.gapDays,
    r.gapCells,
    r.peopleShort,
  ];
};

/** CSV for Excel: a BOM so Chinese names open correctly, formulas neutralised; the days' walk-ins at the end. */
export const overviewCsv = (o: Overview, lang: Lang): string => {
  const h = HEADS[lang];
  const cell = (v: unknown) => {
    let s = v === null || v === undefined ? '' : String(v);
    // a value starting with = + - @ would run as a formula in Excel
    if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = [[...FIGURE_KEYS.map((k) => h[k]), ...o.days].map(cell).join(',')];
  for (const s of o.stations) lines.push([...stationCells(s, h), ...s.walkIns].map(cell).join(','));
  lines.push([...totalCells(o, h), ...o.totals.walkIns].map(cell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
};

/** The same as a workbook: the stations' figures with a total row, and walk-ins by day and station. */
export const overviewXlsx = async (o: Overview, lang: Lang): Promise<Buffer> => {
  const h = HEADS[lang];
  const book = new ExcelJS.Workbook();
  book.created = new Date(0);
  const bold = { font: { bold: true } };

  const stations = book.addWorksheet(h.sheetStations, { views: [{ state: 'frozen', xSplit: 2, ySplit: 1 }] });
  stations.addRow(FIGURE_KEYS.map((k) => h[k])).eachCell((c) => Object.assign(c, { style: bold }));
  // values are written as values: a station name starting with "=" is text, never a formula
  for (const s of o.stations) stations.addRow(stationCells(s, h));
  stations.addRow(totalCells(o, h)).eachCell((c) => Object.assign(c, { style: bold }));
  stations.columns.forEach((col, i) => {
    col.width = i < 3 ? 18 : 12;
  });

  const walkIns = book.addWorksheet(h.sheetWalkIns, { views: [{ state: 'frozen', xSplit: 1, ySplit: 1 }] });
  walkIns.addRow([h.day, ...o.stations.map((s) => s.name), h.total]).eachCell((c) => Object.assign(c, { style: bold }));
  o.days.forEach((d, i) => walkIns.addRow([d, ...o.stations.map((s) => s.walkIns[i] ?? 0), o.totals.walkIns[i] ?? 0]));
  walkIns.addRow([h.total, ...o.stations.map((s) => s.walkInTotal), o.totals.walkInTotal]).eachCell((c) => Object.assign(c, { style: bold }));
  walkIns.getColumn(1).width = 12;

  return Buffer.from(await book.xlsx.writeBuffer());
};
