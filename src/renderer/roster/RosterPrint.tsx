import { Result, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { rosterMonth, type RosterMonth } from '../../shared/roster/contract.js';
import { localDateTime } from '../../shared/time.js';
import { errorText } from '../app/i18n.js';
import { useMe } from '../app/me.js';
import { PrintFrame } from '../app/PrintFrame.js';
import { useMethod } from '../app/query.js';
import { shiftLabel, shiftMark, shiftName, shiftTime } from './common.js';
import './roster.css';
import { holidayName } from './holidayName.js';

const monthTitle = (month: string, lang: string) => {
  const [y, m] = month.split('-').map(Number);
  return lang === 'en' ? new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(Date.UTC(y, m - 1, 1)) : `${y}年${m}月`;
};

/** Loads the month for a print view; the page is ready once the data is on it. */
const usePrintMonth = () => {
  const { month = '' } = useParams();
  const data = useMethod(rosterMonth, { month });
  return { month, data };
};

/** The absences that take someone off the roster (wishes are not for the wall), each with its mark on the chart and in the legend. */
const AWAY_KINDS = ['leave', 'training', 'sick'] as const;
type AwayKind = (typeof AWAY_KINDS)[number];

/**
 * The month as the wall chart: A4 landscape, station and month at the top, every person's shift
 * per day (letters, so it reads in black and white), the coverage per shift, the legend, and the
 * lines for who prepared and who approved it.
 */
export const WallChartPrint = () => {
  const { t, i18n } = useTranslation();
  const { me } = useMe();
  const { month, data } = usePrintMonth();
  let body;
  if (data.error) body = <Result status="warning" title={errorText(t, data.error)} />;
  else if (!data.data) body = <Spin />;
  else body = <WallChart m={data.data} station={me.stationName} lang={i18n.language} printedAt={localDateTime(new Date(), me.timeZone)} />;
  return (
    <PrintFrame pageSize="A4landscape" path={`/print/roster/${month}`} ready={Boolean(data.data)}>
      {body}
    </PrintFrame>
  );
};

const WallChart = ({ m, station, lang, printedAt }: { m: RosterMonth; station: string; lang: string; printedAt: string }) => {
  const { t } = useTranslation();
  const at = new Map(m.cells.map((c) => [`${c.staffId}/${c.date}`, c.shiftId]));
  const covers = [...new Set(m.coverage.map((c) => `${c.what}|${c.role}`))];
  const cover = new Map(m.coverage.map((c) => [`${c.what}|${c.role}|${c.date}`, c]));
  const away = (staffId: string, date: string) => m.absences.find((a) => a.staffId === staffId && a.from <= date && a.to >= date && (AWAY_KINDS as readonly string[]).includes(a.kind));
  const dayClass = (d: RosterMonth['days'][number]) => (d.holiday?.kind === 'holiday' ? 'holiday' : d.weekday >= 6 && d.holiday?.kind !== 'workday' ? 'weekend' : '');
  return (
    <div className="roster-print" data-testid="wall-chart">
      <h1 data-testid="print-station">{station}</h1>
      <div className="sub" data-testid="print-month">
        {t('roster.print.heading', { month: monthTitle(m.month, lang) })}
      </div>
      <table>
        <thead>
          <tr>
            <th className="name">{t('roster.month.person')}</th>
            {m.days.map((d) => (
              <th key={d.date} className={dayClass(d)}>
                {Number(d.date.slice(8))}
                <br />
                {t(`roster.weekdays.${d.weekday as 1 | 2 | 3 | 4 | 5 | 6 | 7}`)}
                {d.holiday && (
                  <>
                    <br />
                    {d.holiday.kind === 'holiday' ? t('roster.month.holiday') : t('roster.month.workday')}
                  </>
                )}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {m.people.map((p) => (
            <tr key={p.staffId}>
              <th className="name">
                {t('roster.month.personRole', { name: p.name, role: t(`roster.roles.${p.role}`) })}
              </th>
              {m.days.map((d) => {
                const s = at.get(`${p.staffId}/${d.date}`);
                const a = s ? undefined : away(p.staffId, d.date);
                return (
                  <td key={d.date} className={dayClass(d)}>
                    {s ? shiftMark(m.shiftTypes, s) : a ? t(`roster.absence.marks.${a.kind as AwayKind}`) : ''}
                  </td>
                );
              })}
            </tr>
          ))}
          {covers.map((k) => {
            const [what, role] = k.split('|');
            return (
              <tr key={k}>
                <th className="name">
                  {what.startsWith('window:') ? t('roster.month.window', { from: what.slice(7, 12), to: what.slice(13) }) : shiftName(m.shiftTypes, what)} {t(`roster.roles.${role}`, { defaultValue: role })}
                </th>
                {m.days.map((d) => {
                  const c = cover.get(`${k}|${d.date}`);
                  return (
                    <td key={d.date} className={c && c.count < c.min ? 'gap' : dayClass(d)}>
                      {c ? c.count : ''}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="legend">
        <strong>{t('roster.month.legendTitle')}</strong>
        {m.shiftTypes.map((s) => (
          <span key={s.id}>
            {shiftMark(m.shiftTypes, s.id)} = {shiftLabel(s)} {shiftTime(s)}
          </span>
        ))}
        {AWAY_KINDS.map((k) => (
          <span key={k} data-testid={`legend-away-${k}`}>
            {t(`roster.absence.marks.${k}`)} = {t(`roster.absence.kinds.${k}`)}
          </span>
        ))}
        <span>{t('roster.month.holiday')} = {t('roster.settings.holidayKinds.holiday')}</span>
        <span>{t('roster.month.workday')} = {t('roster.settings.holidayKinds.workday')}</span>
        <span>{t('roster.month.coverage')}</span>
      </div>
      <div className="signature">{t('roster.print.signature')}</div>
      <div style={{ marginTop: '2mm', fontSize: '8pt', color: '#444' }}>
        {t('roster.print.printedAt', { at: printedAt })}
        {m.roster ? ` · ${t('roster.month.version', { version: m.roster.version })}` : ''}
      </div>
    </div>
  );
};

/** One person's month: every day with a shift, its times, and the month's totals. */
export const PersonSchedulePrint = () => {
  const { t, i18n } = useTranslation();
  const { me } = useMe();
  const { staffId = '' } = useParams();
  const { month, data } = usePrintMonth();
  let body;
  if (data.error) body = <Result status="warning" title={errorText(t, data.error)} />;
  else if (!data.data) body = <Spin />;
  else {
    const m = data.data;
    const person = m.people.find((p) => p.staffId === staffId);
    const totals = m.totals.find((x) => x.staffId === staffId);
    const mine = new Map(m.cells.filter((c) => c.staffId === staffId).map((c) => [c.date, c.shiftId]));
    const absent = (date: string) => m.absences.find((a) => a.staffId === staffId && a.from <= date && a.to >= date);
    body = !person ? (
      <Result status="404" title={t('errors.roster.staffNotOnDuty')} />
    ) : (
      <div className="roster-print" data-testid="person-schedule">
        <h1>{me.stationName}</h1>
        <div className="sub">{t('roster.print.personHeading', { name: person.name, month: monthTitle(m.month, i18n.language) })}</div>
        <table className="person-table">
          <thead>
            <tr>
              <th>{t('roster.print.date')}</th>
              <th>{t('roster.print.weekday')}</th>
              <th>{t('roster.print.shift')}</th>
              <th>{t('roster.print.time')}</th>
            </tr>
          </thead>
          <tbody>
            {m.days.map((d) => {
              const s = mine.get(d.date);
              const type = s ? m.shiftTypes.find((x) => x.id === s) : undefined;
              const a = absent(d.date);
              return (
                <tr key={d.date} className={d.weekday >= 6 || d.holiday?.kind === 'holiday' ? 'weekend' : ''}>
                  <td>{d.date}</td>
                  <td>
                    {t(`roster.weekdays.${d.weekday as 1 | 2 | 3 | 4 | 5 | 6 | 7}`)}
                    {d.holiday ? ` · ${holidayName(t, d.holiday.name)}` : ''}
                  </td>
                  <td>{type ? shiftLabel(type) : a ? t(`roster.absence.kinds.${a.kind}`) : t('roster.month.off')}</td>
                  <td>{type ? shiftTime(type) : ''}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <div className="signature">{t('roster.print.total', { shifts: totals?.shifts ?? 0, hours: totals?.hours ?? 0, nights: totals?.nights ?? 0 })}</div>
      </div>
    );
  }
  return (
    <PrintFrame pageSize="A4" path={`/print/roster/${month}/${staffId}`} ready={Boolean(data.data)}>
      {body}
    </PrintFrame>
  );
};
