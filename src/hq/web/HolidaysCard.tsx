import { App as AntApp, Alert, Button, Card, DatePicker, Input, Popconfirm, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState, type ReactNode } from 'react';
import { ApiError, errorText, reasonText } from './api.js';
import { fill, type Strings } from './strings.js';
import { publish, useBucket } from './referenceBucket.js';

interface Day {
  /** the row's key: its date once published, a local key while new */
  key: string;
  id?: string;
  date: string | null;
  name: string;
  workday: boolean;
  state: 'published' | 'new' | 'changed' | 'withdraw';
}

/**
 * The holiday calendar, a year at a time: a table of dates, each a day off or a make-up working
 * day (调休), edited in place and published as one change per date. A date published by mistake is
 * withdrawn (HQ keeps one item per date; the station keeps its newest version).
 */
export const HolidaysCard = ({ s, admin }: { s: Strings; admin: boolean }) => {
  const { message } = AntApp.useApp();
  const { items, error: loadError, reload } = useBucket('holidays');
  const [year, setYear] = useState(dayjs().year());
  const [edits, setEdits] = useState<Record<string, Day & { year: number }>>({});
  const [errors, setErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const live = useMemo(
    () =>
      (items ?? [])
        .map((i) => ({ id: i.id, ...(i.payload as { date: string; name: string; workday?: boolean; withdrawn?: boolean }) }))
        .filter((d) => !d.withdrawn),
    [items],
  );
  const years = useMemo(() => {
    const now = dayjs().year();
    return [...new Set([now - 1, now, now + 1, ...live.map((d) => Number(d.date.slice(0, 4)))])].sort();
  }, [live]);
  const rows: Day[] = [
    ...live
      .filter((d) => d.date.startsWith(`${year}-`))
      .map((d): Day => edits[d.date] ?? { key: d.date, id: d.id, date: d.date, name: d.name, workday: d.workday === true, state: 'published' }),
    ...Object.values(edits).filter((e) => e.state === 'new' && e.year === year),
  ].sort((a, b) => (a.date ?? '9999').localeCompare(b.date ?? '9999'));
  const pending = Object.values(edits).filter((e) => e.state !== 'published');

  const change = (row: Day, patch: Partial<Day>) =>
    setEdits((all) => {
      const next = { ...row, ...patch };
      if (next.state === 'published') next.state = 'changed';
      const original = live.find((d) => d.date === row.key);
      // a published day changed back to what it was is no change
      if (next.state === 'changed' && original && original.name === next.name && (original.workday === true) === next.workday) {
        const { [row.key]: _gone, ...rest } = all;
        return rest;
      }
      return { ...all, [row.key]: { ...next, year } };
    });
  const drop = (row: Day) =>
    setEdits((all) => {
      const { [row.key]: _gone, ...rest } = all;
      return rest;
    });
  const add = () => {
    const key = `new-${Date.now()}-${Math.random().toString(36).slice(2, 6)}`;
    setEdits((all) => ({ ...all, [key]: { key, date: null, name: '', workday: false, state: 'new', year } }));
  };
  const label = (field: string | undefined) => (field === 'date' ? s.date : field === 'name' ? s.holidayName : field === 'workday' ? s.workday : field || s.wholeItem);

  const send = async () => {
    setErrors([]);
    const problems: string[] = [];
    const dates = new Set(live.map((d) => d.date));
    for (const e of pending) {
      if (e.state !== 'new') continue;
      if (!e.date) problems.push(fill(s.dayError, { date: '—', error: `${s.date}：${s.reasons.required}` }));
      else if (dates.has(e.date)) problems.push(fill(s.dayTaken, { date: e.date }));
      else dates.add(e.date);
    }
    if (problems.length > 0) {
      setErrors(problems);
      return;
    }
    setBusy(true);
    const done: string[] = [];
    for (const e of pending) {
      const payload = { date: e.date, name: e.name, workday: e.workday, ...(e.state === 'withdraw' ? { withdrawn: true } : {}) };
      try {
        await publish('holidays', payload, e.id);
        done.push(e.key);
      } catch (err) {
        const why = err instanceof ApiError && err.code === 'invalid' ? `${label(err.field)}：${reasonText(s, err.reason, err.params)}` : errorText(s, err);
        problems.push(fill(s.dayError, { date: e.date ?? '—', error: why }));
      }
    }
    setBusy(false);
    setErrors(problems);
    setEdits((all) => Object.fromEntries(Object.entries(all).filter(([k]) => !done.includes(k))));
    if (done.length > 0) void message.success(fill(s.daysPublished, { n: done.length }));
    reload();
  };

  const stateTag = (d: Day) =>
    d.state === 'new' ? <Tag color="blue">{s.rowNew}</Tag> : d.state === 'changed' ? <Tag color="orange">{s.rowChanged}</Tag> : d.state === 'withdraw' ? <Tag color="red">{s.rowWithdraw}</Tag> : null;

  return (
    <Card
      title={s.holidays}
      data-testid="holidays"
      extra={
        <Space>
          {s.year}
          <Select value={year} onChange={setYear} options={years.map((y) => ({ value: y, label: y }))} style={{ width: 100 }} data-testid="holidays-year" />
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{s.holidaysAbout}</Typography.Paragraph>
      {loadError !== undefined && <Alert type="error" title={errorText(s, loadError)} style={{ marginBottom: 12 }} />}
      <Table<Day>
        size="small"
        rowKey="key"
        pagination={false}
        dataSource={rows}
        loading={!items && loadError === undefined}
        locale={{ emptyText: fill(s.noDays, { year }) }}
        data-testid="holidays-table"
        onRow={(d) => ({ 'data-testid': `holiday-${d.date ?? d.key}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          {
            title: s.date,
            key: 'date',
            width: 170,
            render: (_: unknown, d) =>
              admin && d.state === 'new' ? (
                <DatePicker
                  value={d.date ? dayjs(d.date) : null}
                  defaultPickerValue={dayjs(`${year}-01-01`)}
                  disabledDate={(x) => x.year() !== year}
                  onChange={(v) => change(d, { date: v ? v.format('YYYY-MM-DD') : null })}
                  data-testid="holiday-date"
                />
              ) : (
                <Typography.Text delete={d.state === 'withdraw'}>{d.date}</Typography.Text>
              ),
          },
          {
            title: s.holidayName,
            key: 'name',
            render: (_: unknown, d) =>
              admin && d.state !== 'withdraw' ? (
                <Input value={d.name} maxLength={40} onChange={(e) => change(d, { name: e.target.value })} data-testid="holiday-name" />
              ) : (
                d.name
              ),
          },
          {
            title: s.workday,
            key: 'workday',
            width: 150,
            render: (_: unknown, d) =>
              admin && d.state !== 'withdraw' ? (
                <Switch checked={d.workday} checkedChildren={s.workday} unCheckedChildren={s.dayOff} onChange={(v) => change(d, { workday: v })} data-testid="holiday-workday" />
              ) : d.workday ? (
                <Tag color="orange">{s.workday}</Tag>
              ) : (
                <Tag color="green">{s.dayOff}</Tag>
              ),
          },
          ...(admin
            ? [
                { title: '', key: 'state', width: 90, render: (_: unknown, d: Day) => stateTag(d) },
                {
                  title: '',
                  key: 'actions',
                  width: 90,
                  render: (_: unknown, d: Day): ReactNode =>
                    d.state === 'published' ? (
                      <Popconfirm title={`${s.withdraw} ${d.date}？`} onConfirm={() => change(d, { state: 'withdraw' })}>
                        <Button size="small" danger data-testid="holiday-withdraw">
                          {s.withdraw}
                        </Button>
                      </Popconfirm>
                    ) : (
                      <Button size="small" onClick={() => drop(d)}>
                        {s.undo}
                      </Button>
                    ),
                },
              ]
            : []),
        ]}
      />
      {errors.length > 0 && (
        <Alert type="error" showIcon style={{ marginTop: 12 }} data-testid="holidays-error" title={errors.map((e) => <div key={e}>{e}</div>)} />
      )}
      {admin && (
        <Space style={{ marginTop: 12 }}>
          <Button onClick={add} data-testid="holiday-add">
            {s.addDay}
          </Button>
          <Button type="primary" disabled={pending.length === 0} loading={busy} onClick={() => void send()} data-testid="holidays-publish">
            {fill(s.publishChanges, { n: pending.length })}
          </Button>
        </Space>
      )}
    </Card>
  );
};
