import { Button, Space, Typography } from 'antd';
import { memo, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { RosterMonth } from '../../shared/roster/contract.js';
import { localDate } from '../../shared/time.js';
import { useMe } from '../app/me.js';
import { shiftLetter } from '../../shared/roster/model.js';
import { issueText, shiftColours, shiftLabel, shiftMark, shiftName } from './common.js';
import './roster.css';
import type { Names } from '../app/resources.js';
import { holidayName } from './holidayName.js';

export interface CellChange {
  staffId: string;
  date: string;
  shiftId: string | null;
}

interface Pos {
  row: number;
  col: number;
}

const ABSENCE_MARK: Record<string, string> = { leave: 'leave', training: 'training', sick: 'sick' };

/**
 * The month grid: staff rows × days, a colour per shift, weekends, holidays and make-up days marked,
 * today outlined, past days greyed and locked, leave shown, cells with a broken rule marked, and the
 * coverage per shift and role at the bottom with gaps in red.
 *
 * Editing (when `onChange` is given) is keyboard first: arrows move, a shift's letter sets it,
 * Delete clears, Enter picks a shift up and Enter again puts it down (a swap when the target has a
 * shift); the mouse drags a shift the same way. Every edit goes to the core, which decides.
 */
export const MonthGrid = memo(function MonthGrid({
  month,
  onChange,
  busy = false,
}: {
  month: RosterMonth;
  onChange?: (changes: CellChange[]) => void;
  busy?: boolean;
}) {
  const { t } = useTranslation();
  const [sel, setSel] = useState<Pos | null>(null);
  const [moving, setMoving] = useState<Pos | null>(null);
  const gridRef = useRef<HTMLDivElement>(null);
  const { days, people, shiftTypes } = month;
  const cellAt = useMemo(() => new Map(month.cells.map((c) => [`${c.staffId}/${c.date}`, c.shiftId])), [month.cells]);
  const absenceAt = useMemo(() => {
    const m = new Map<string, string>();
    for (const a of month.absences)
      for (const d of days) if (d.date >= a.from && d.date <= a.to && !m.has(`${a.staffId}/${d.date}`)) m.set(`${a.staffId}/${d.date}`, a.kind);
    return m;
  }, [month.absences, days]);
  const issuesAt = useMemo(() => {
    const m = new Map<string, string[]>();
    for (const i of month.issues) {
      if (!i.staffId) continue;
      const k = i.date ? `${i.staffId}/${i.date}` : `${i.staffId}/*`;
      m.set(k, [...(m.get(k) ?? []), issueText(t, i, shiftTypes)]);
    }
    return m;
  }, [month.issues, shiftTypes, t]);
  const coverRows = useMemo(() => {
    const rows = new Map<string, CoverRow>();
    for (const c of month.coverage) {
      const k = `${c.what}|${c.role}`;
      if (!rows.has(k)) rows.set(k, { what: c.what, role: c.role, byDate: new Map() });
      rows.get(k)!.byDate.set(c.date, c);
    }
    return [...rows.values()];
  }, [month]);
  const { me } = useMe();
  const today = localDate(new Date(), me.timeZone);

  const canEdit = Boolean(onChange) && Boolean(month.roster);
  const editable = (p: Pos) => canEdit && !busy && !days[p.col]?.past;
  const shiftOf = (p: Pos) => cellAt.get(`${people[p.row].staffId}/${days[p.col].date}`) ?? null;
  const cellOf = (p: Pos, shiftId: string | null): CellChange => ({ staffId: people[p.row].staffId, date: days[p.col].date, shiftId });

  const move = (from: Pos, to: Pos) => {
    if ((from.row === to.row && from.col === to.col) || !editable(from) || !editable(to)) return;
    const a = shiftOf(from);
    if (!a) return;
    // the target's shift, if any, goes the other way: a move onto a worked cell is a swap
    onChange?.([cellOf(from, shiftOf(to)), cellOf(to, a)]);
  };

  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (people.length === 0) return;
    const at = sel ?? { row: 0, col: 0 };
    const step: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    if (step[e.key]) {
      e.preventDefault();
      const [dr, dc] = step[e.key];
      setSel({ row: Math.min(people.length - 1, Math.max(0, at.row + dr)), col: Math.min(days.length - 1, Math.max(0, at.col + dc)) });
      return;
    }
    if (!sel) return;
    if (e.key === 'Escape') {
      setMoving(null);
      return;
    }
    if (e.key === 'Enter') {
      e.preventDefault();
      if (moving) {
        move(moving, sel);
        setMoving(null);
      } else if (editable(sel) && shiftOf(sel)) setMoving(sel);
      return;
    }
    if (!editable(sel) || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === 'Delete' || e.key === 'Backspace') {
      e.preventDefault();
      if (shiftOf(sel)) onChange?.([cellOf(sel, null)]);
      return;
    }
    if (e.key.length === 1) {
      const s = shiftTypes.find((x) => (shiftLetter(x) ?? x.id).toLowerCase() === e.key.toLowerCase());
      if (s) {
        e.preventDefault();
        if (shiftOf(sel) !== s.id) onChange?.([cellOf(sel, s.id)]);
      }
    }
  };

  // The table does not re-render when only `busy` changes (a 30 × 31 grid is a long task): its
  // handlers reach the current state and `busy` through these actions, refreshed after each render
  // (before the browser paints, so no event sees an older state).
  const actions = useRef<GridActions>(null);
  useLayoutEffect(() => {
    actions.current = {
      click: (to) => {
        if (moving) {
          move(moving, to);
          setMoving(null);
        }
        setSel(to);
        gridRef.current?.focus();
      },
      canDrop: editable,
      drop: (from, to) => {
        move(from, to);
        setSel(to);
      },
    };
  });

  const selected = sel && people[sel.row] && days[sel.col] ? { person: people[sel.row], day: days[sel.col], shift: shiftOf(sel) } : null;
  return (
    <div>
      <div className="roster-selbar" data-testid="roster-selbar">
        {selected ? (
          <Space wrap size={4}>
            <Typography.Text strong>
              {t('roster.edit.cell', { name: selected.person.name, date: selected.day.date, shift: selected.shift ? shiftName(shiftTypes, selected.shift) : t('roster.month.off') })}
            </Typography.Text>
            {onChange && editable(sel!) &&
              shiftTypes.map((s) => (
                <Button key={s.id} size="small" disabled={selected.shift === s.id} onClick={() => onChange([cellOf(sel!, s.id)])} data-testid={`set-${s.id}`}>
                  {t('roster.edit.set', { shift: t('app.aside', { text: shiftLabel(s), aside: shiftMark(shiftTypes, s.id) }) })}
                </Button>
              ))}
            {onChange && editable(sel!) && selected.shift && (
              <>
                <Button size="small" onClick={() => onChange([cellOf(sel!, null)])} data-testid="set-clear">
                  {t('roster.edit.clear')}
                </Button>
                <Button size="small" onClick={() => { setMoving(sel); gridRef.current?.focus(); }} data-testid="move-start">
                  {t('roster.edit.moveTo')}
                </Button>
              </>
            )}
            {onChange && !editable(sel!) && days[sel!.col]?.past && <Typography.Text type="secondary">{t('roster.edit.locked')}</Typography.Text>}
          </Space>
        ) : (
          <Typography.Text type="secondary">{onChange ? t('roster.edit.help') : t('roster.month.legend')}</Typography.Text>
        )}
        {moving && (
          <Typography.Text type="warning" data-testid="moving-hint" style={{ marginInlineStart: 12 }}>
            {t('roster.edit.moving', { name: people[moving.row].name, date: days[moving.col].date, shift: shiftName(shiftTypes, shiftOf(moving) ?? '') })}
          </Typography.Text>
        )}
      </div>
      <div
        className={`roster-grid-wrap${busy ? ' roster-busy' : ''}`}
        tabIndex={0}
        ref={gridRef}
        onKeyDown={onKey}
        data-testid="roster-grid"
        aria-label={t('roster.title')}
        onFocus={() => !sel && people.length > 0 && setSel({ row: 0, col: days.findIndex((d) => !d.past) >= 0 ? days.findIndex((d) => !d.past) : 0 })}
      >
        <GridTable
          month={month}
          cellAt={cellAt}
          absenceAt={absenceAt}
          issuesAt={issuesAt}
          coverRows={coverRows}
          today={today}
          sel={sel}
          moving={moving}
          canEdit={canEdit}
          actions={actions}
        />
      </div>
    </div>
  );
});

interface GridActions {
  click: (at: Pos) => void;
  canDrop: (at: Pos) => boolean;
  drop: (from: Pos, to: Pos) => void;
}

type CoverRow = { what: string; role: string; byDate: Map<string, RosterMonth['coverage'][number]> };

/** The grid's table: re-renders when the month, the selection or the move in hand change. */
const GridTable = memo(function GridTable({
  month,
  cellAt,
  absenceAt,
  issuesAt,
  coverRows,
  today,
  sel,
  moving,
  canEdit,
  actions,
}: {
  month: RosterMonth;
  cellAt: Map<string, string>;
  absenceAt: Map<string, string>;
  issuesAt: Map<string, string[]>;
  coverRows: CoverRow[];
  today: string;
  sel: Pos | null;
  moving: Pos | null;
  canEdit: boolean;
  actions: RefObject<GridActions | null>;
}) {
  const { t } = useTranslation();
  const { days, people, shiftTypes } = month;
  const colours = useMemo(() => shiftColours(shiftTypes), [shiftTypes]);
  const weekday = (w: number) => t(`roster.weekdays.${w as 1 | 2 | 3 | 4 | 5 | 6 | 7}`);
  return (
    <table className="roster-grid">
      <thead>
        <tr>
          <th className="roster-name">{t('roster.month.person')}</th>
          {days.map((d) => (
            <th
              key={d.date}
              className={[
                d.weekday >= 6 ? 'weekend' : '',
                d.holiday?.kind === 'holiday' ? 'holiday' : '',
                d.holiday?.kind === 'workday' ? 'workday' : '',
                d.date === today ? 'today' : '',
                d.past ? 'past' : '',
              ].join(' ')}
              title={d.holiday ? holidayName(t, d.holiday.name) : undefined}
              data-date={d.date}
            >
              <div>{Number(d.date.slice(8))}</div>
              <div className="wd">{weekday(d.weekday)}</div>
              {d.holiday && <div className="hol">{d.holiday.kind === 'holiday' ? t('roster.month.holiday') : t('roster.month.workday')}</div>}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {people.map((p, row) => {
          const personIssues = issuesAt.get(`${p.staffId}/*`);
          return (
            <tr key={p.staffId} data-testid={`row-${p.name}`}>
              <th className={`roster-name${personIssues ? ' has-issue' : ''}`} title={personIssues?.join('\n')}>
                <span>{p.name}</span> <span className="role">{t(`roster.roles.${p.role}`)}</span>
              </th>
              {days.map((d, col) => {
                const k = `${p.staffId}/${d.date}`;
                const shift = cellAt.get(k);
                const absence = absenceAt.get(k);
                const issues = issuesAt.get(k);
                const isSel = sel?.row === row && sel.col === col;
                const colour = shift ? colours.get(shift) : undefined;
                const cls = [
                  'cell',
                  d.weekday >= 6 ? 'weekend' : '',
                  d.holiday?.kind === 'holiday' ? 'holiday' : '',
                  d.date === today ? 'today' : '',
                  d.past ? 'past' : '',
                  isSel ? 'selected' : '',
                  moving?.row === row && moving.col === col ? 'moving' : '',
                  issues ? 'has-issue' : '',
                  absence && ABSENCE_MARK[absence] ? 'absent' : '',
                ].join(' ');
                const title = [
                  `${p.name} ${d.date}${shift ? ` ${shiftName(shiftTypes, shift)}` : ''}`,
                  absence ? t(`roster.absence.kinds.${absence as Names<'roster.absence.kinds'>}`) : '',
                  ...(issues ?? []),
                ]
                  .filter(Boolean)
                  .join('\n');
                return (
                  <td
                    key={d.date}
                    className={cls}
                    style={colour ? { background: colour.bg, color: colour.fg } : undefined}
                    title={title}
                    data-name={p.name}
                    data-date={d.date}
                    data-shift={shift ?? ''}
                    data-testid={`cell-${row}-${d.date}`}
                    draggable={Boolean(shift) && canEdit && !d.past}
                    onClick={() => actions.current?.click({ row, col })}
                    onDragStart={(e) => {
                      if (!actions.current?.canDrop({ row, col })) {
                        e.preventDefault();
                        return;
                      }
                      e.dataTransfer.setData('text/plain', `${row}:${col}`);
                      e.dataTransfer.effectAllowed = 'move';
                    }}
                    onDragOver={(e) => {
                      if (actions.current?.canDrop({ row, col })) e.preventDefault();
                    }}
                    onDrop={(e) => {
                      e.preventDefault();
                      const [r, c] = e.dataTransfer.getData('text/plain').split(':').map(Number);
                      if (Number.isInteger(r) && Number.isInteger(c)) actions.current?.drop({ row: r, col: c }, { row, col });
                    }}
                  >
                    {shift ? shiftMark(shiftTypes, shift) : absence ? <span className="absence">{t(`roster.absence.marks.${absence as Names<'roster.absence.marks'>}`, { defaultValue: t(`roster.absence.kinds.${absence as Names<'roster.absence.kinds'>}`).slice(0, 1) })}</span> : ''}
                  </td>
                );
              })}
            </tr>
          );
        })}
      </tbody>
      <tfoot>
        {coverRows.map((r) => (
          <tr key={`${r.what}|${r.role}`} data-testid={`cover-${r.what}-${r.role}`}>
            <th className="roster-name cover">
              {r.what.startsWith('window:')
                ? t('roster.month.window', { from: r.what.slice(7, 12), to: r.what.slice(13) })
                : shiftName(shiftTypes, r.what)}{' '}
              <span className="role">{t(`roster.roles.${r.role}`, { defaultValue: r.role })}</span>
            </th>
            {days.map((d) => {
              const c = r.byDate.get(d.date);
              if (!c) return <td key={d.date} className="cover-cell" />;
              const gap = c.count < c.min;
              const over = c.max !== null && c.count > c.max;
              return (
                <td
                  key={d.date}
                  className={`cover-cell${gap ? ' gap' : ''}${over ? ' over' : ''}`}
                  title={`${c.count} / ${c.min}${c.max !== null ? `–${c.max}` : ''}${gap ? ` · ${t('roster.month.gap', { n: c.min - c.count })}` : over ? ` · ${t('roster.month.over', { n: c.count - (c.max ?? 0) })}` : ''}`}
                  data-gap={gap ? 'true' : undefined}
                >
                  {c.count}
                </td>
              );
            })}
          </tr>
        ))}
      </tfoot>
    </table>
  );
});
