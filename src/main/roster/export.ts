/**
 * The month roster for other programs: an Excel workbook for the office (the grid, coverage and
 * totals, as on the wall chart) and an iCalendar file per person for their phone's calendar.
 */
import { loadExcel } from '../excel.js';
import type { RosterMonth } from '../../shared/roster/contract.js';
import { displayShiftName } from '../../shared/roster/shiftNames.js';
import { localInstant } from '../../shared/time.js';

/** The workbook's own words in each language; names of people and of shifts the head typed stay as they are. */
const WORDS = {
  zh: {
    sheet: '排班',
    title: '值班表',
    fileWord: '排班',
    columns: { name: '姓名', role: '岗位', shifts: '班次', hours: '小时', nights: '夜班', weekends: '周末', holidays: '节假日' },
    weekday: ['', '一', '二', '三', '四', '五', '六', '日'],
    holiday: '休',
    workday: '班',
    role: { officer: '民警', auxiliary: '辅警' },
    // a day away as the wall chart marks it (假 leave, 训 training, 病 sick), with its name for the legend
    away: { leave: { mark: '假', name: '请假' }, training: { mark: '训', name: '培训' }, sick: { mark: '病', name: '病假' } },
    legend: (items: string[]) => `图例：${items.join('；')}`,
  },
  en: {
    sheet: 'Roster',
    title: 'duty roster',
    fileWord: 'roster',
    columns: { name: 'Name', role: 'Post', shifts: 'Shifts', hours: 'Hours', nights: 'Nights', weekends: 'Weekends', holidays: 'Holidays' },
    weekday: ['', 'Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su'],
    holiday: 'Off',
    workday: 'Wk',
    role: { officer: 'Officer', auxiliary: 'Auxiliary' },
    away: { leave: { mark: 'L', name: 'leave' }, training: { mark: 'T', name: 'training' }, sick: { mark: 'S', name: 'sick' } },
    legend: (items: string[]) => `Legend: ${items.join('; ')}`,
  },
} as const;
export type WorkbookLanguage = keyof typeof WORDS;

/** Fill colours per shift, in the order the station defined its shifts (the wall chart's legend). */
const SHIFT_FILLS = ['FFFFF3C4', 'FFD6E4FF', 'FFD9F7BE', 'FFFFD8BF', 'FFEFDBFF', 'FFB5F5EC', 'FFFFCCC7', 'FFF0F0F0'];

/** The workbook's file name: the station's name, the word for a roster, the month. */
export const workbookFileName = (stationName: string, month: string, lang: WorkbookLanguage) => `${stationName}-${WORDS[lang].fileWord}-${month}.xlsx`;

export const monthWorkbook = async (view: RosterMonth, stationName: string, lang: WorkbookLanguage = 'zh'): Promise<Buffer> => {
  const w = WORDS[lang];
  // a default shift in the reader's language, one the head named as named
  const shiftNameIn = (s: { id: string; name?: string }) => (s.name ? displayShiftName(s.name, lang) : s.id);
  const AWAY: Record<string, { mark: string; name: string }> = w.away;
  const ROLE: Record<string, string> = w.role;
  const wb = new (await loadExcel()).Workbook();
  wb.creator = 'Station Desk';
  const ws = wb.addWorksheet(`${w.sheet} ${view.month}`, { pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  const days = view.days;
  ws.addRow([`${stationName} ${w.title} ${view.month}`]);
  ws.mergeCells(1, 1, 1, days.length + 6);
  ws.getCell(1, 1).font = { bold: true, size: 14 };
  const col = w.columns;
  ws.addRow([col.name, col.role, ...days.map((d) => Number(d.date.slice(8))), col.shifts, col.hours, col.nights, col.weekends, col.holidays]);
  ws.addRow(['', '', ...days.map((d) => (d.holiday?.kind === 'holiday' ? w.holiday : d.holiday?.kind === 'workday' ? w.workday : w.weekday[d.weekday])), '', '', '', '', '']);
  const fill = new Map(view.shiftTypes.map((s, i) => [s.id, SHIFT_FILLS[i % SHIFT_FILLS.length]]));
  const letter = new Map(view.shiftTypes.map((s) => [s.id, shiftNameIn(s)]));
  const cellAt = new Map(view.cells.map((c) => [`${c.staffId}/${c.date}`, c.shiftId]));
  const totals = new Map(view.totals.map((t) => [t.staffId, t]));
  const away = (staffId: string, date: string) => view.absences.find((a) => a.staffId === staffId && a.from <= date && a.to >= date && AWAY[a.kind])?.kind;
  // a day without a shift shows why, as on the wall chart: leave, training, sick
  const mark = (staffId: string, date: string) => {
    const shift = cellAt.get(`${staffId}/${date}`);
    if (shift) return letter.get(shift) ?? '';
    const kind = away(staffId, date);
    return kind ? AWAY[kind].mark : '';
  };
  for (const p of view.people) {
    const t = totals.get(p.staffId);
    const row = ws.addRow([p.name, ROLE[p.role], ...days.map((d) => mark(p.staffId, d.date)), t?.shifts ?? 0, t?.hours ?? 0, t?.nights ?? 0, t?.weekends ?? 0, t?.holidays ?? 0]);
    days.forEach((d, i) => {
      const shift = cellAt.get(`${p.staffId}/${d.date}`);
      if (shift) row.getCell(3 + i).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: fill.get(shift) ?? 'FFFFFFFF' } };
    });
  }
  // coverage per shift and role at the bottom; a gap is red
  ws.addRow([]);
  const coverKeys = [...new Set(view.coverage.map((c) => `${c.what}|${c.role}`))];
  for (const k of coverKeys) {
    const [what, role] = k.split('|');
    const label = what.startsWith('window:') ? what.slice(7) : (letter.get(what) ?? what);
    const row = ws.addRow([`${label}`, ROLE[role] ?? role, ...days.map((d) => view.coverage.find((c) => c.date === d.date && `${c.what}|${c.role}` === k)?.count ?? '')]);
    days.forEach((d, i) => {
      const c = view.coverage.find((x) => x.date === d.date && `${x.what}|${x.role}` === k);
      if (c && c.count < c.min) row.getCell(3 + i).font = { color: { argb: 'FFCF1322' }, bold: true };
    });
  }
  ws.addRow([]);
  ws.addRow([w.legend([...view.shiftTypes.map(shiftNameIn), ...Object.values(AWAY).map((a) => `${a.mark} = ${a.name}`)])]);
  ws.getColumn(1).width = 10;
  ws.getColumn(2).width = 6;
  for (let i = 0; i < days.length; i++) ws.getColumn(3 + i).width = 4.2;
  ws.views = [{ state: 'frozen', xSplit: 2, ySplit: 3 }];
  return Buffer.from(await wb.xlsx.writeBuffer());
};

/** RFC 5545 text: escaped, folded at 75 octets. */
const icsText = (s: string) => s.replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\n/g, '\\n');
const utc = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
const fold = (line: string) => {
  const out: string[] = [];
  let cur = '';
  for (const ch of line) {
    if (Buffer.byteLength(cur + ch) > 75) {
      out.push(cur);
      cur = ` ${ch}`;
    } else cur += ch;
  }
  out.push(cur);
  return out.join('\r\n');
};

export const monthIcs = (view: RosterMonth, staffId: string, stationName: string, timeZone: string, now: Date): string => {
  const shifts = new Map(view.shiftTypes.map((s) => [s.id, s]));
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Station Desk//Roster//ZH', 'CALSCALE:GREGORIAN', `X-WR-CALNAME:${icsText(`${stationName} 值班 ${view.month}`)}`];
  for (const c of view.cells.filter((x) => x.staffId === staffId).sort((a, b) => a.date.localeCompare(b.date))) {
    const s = shifts.get(c.shiftId);
    if (!s) continue;
    const from = localInstant(c.date, s.start, timeZone);
    const to = new Date(from.getTime() + s.minutes * 60_000);
    lines.push(
      'BEGIN:VEVENT',
      `UID:${staffId}-${c.date}@station-desk`,
      `DTSTAMP:${utc(now)}`,
      `DTSTART:${utc(from)}`,
      `DTEND:${utc(to)}`,
      `SUMMARY:${icsText(`${s.name ?? s.id} · ${stationName}`)}`,
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(fold).join('\r\n')}\r\n`;
};
