import { App as AntApp, Alert, Button, Card, DatePicker, Space, Statistic, Table, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { useCallback, useEffect, useRef, useState } from 'react';
import { localDateTime } from '../../shared/time.js';
import { TOKEN, api, errorText } from './api.js';
import { barsOption, walkInsOption } from './charts.js';
import { fill, zh, type Strings } from './strings.js';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

interface StationRow {
  id: string;
  code: string;
  name: string;
  district: string;
  enrolledAt: string | null;
  lastSyncAt: string | null;
  /** the station's own: its last sync is shown in it */
  timeZone: string;
  backlog: number;
  rejects: number;
  clockSkewMs: number | null;
  walkIns: number[];
  walkInTotal: number;
  mediation: Record<string, number>;
  ratings: { count: number; satisfied: number };
  collection: { rooms: number; roomsCollected: number; people: number; peopleVerified: number; faults: number } | null;
  roster: { month: string; hasRoster: boolean; gapCells: number; gapDays: number; peopleShort: number } | null;
}
interface Overview {
  days: string[];
  stations: StationRow[];
  totals: {
    walkIns: number[];
    walkInTotal: number;
    backlog: number;
    stations: number;
    enrolled: number;
    collection: { rooms: number; roomsCollected: number; people: number; peopleVerified: number; faults: number; reporting: number };
    roster: { gapCells: number; gapDays: number; peopleShort: number; withoutRoster: number; withGaps: number; reporting: number };
  };
}

const rate = (part: number, whole: number): number | null => (whole > 0 ? Math.round((part / whole) * 1000) / 10 : null);

/** Bars per station (and the total), one series per figure. */
const BarsChart = ({ names, series, testId, percent }: { names: string[]; series: { name: string; data: (number | null)[] }[]; testId: string; percent?: boolean }) => {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!el.current) return;
    const chart = echarts.init(el.current);
    chart.setOption(barsOption(names, series, percent));
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [names, series, percent]);
  return <div ref={el} style={{ height: 260 }} data-testid={testId} />;
};

/** Collection completeness and roster gaps per station, as each station counts them, with the totals. */
const FiguresCharts = ({ o, s }: { o: Overview; s: Strings }) => {
  const reporting = o.stations.filter((x) => x.collection || x.roster);
  const names = [...reporting.map((x) => x.name), s.total];
  const c = o.totals.collection;
  const r = o.totals.roster;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card size="small" title={s.collection} extra={fill(s.reporting, { n: c.reporting })}>
        <Space size="large" wrap style={{ marginBottom: 8 }}>
          <Statistic title={s.roomsRate} value={rate(c.roomsCollected, c.rooms) ?? '—'} suffix={c.rooms > 0 ? `% (${c.roomsCollected}/${c.rooms})` : undefined} />
          <Statistic title={s.peopleRate} value={rate(c.peopleVerified, c.people) ?? '—'} suffix={c.people > 0 ? `% (${c.peopleVerified}/${c.people})` : undefined} />
          <Statistic title={s.faults} value={c.faults} />
        </Space>
        <BarsChart
          names={names}
          percent
          testId="collection-chart"
          series={[
            { name: s.roomsRate, data: [...reporting.map((x) => (x.collection ? rate(x.collection.roomsCollected, x.collection.rooms) : null)), rate(c.roomsCollected, c.rooms)] },
            { name: s.peopleRate, data: [...reporting.map((x) => (x.collection ? rate(x.collection.peopleVerified, x.collection.people) : null)), rate(c.peopleVerified, c.people)] },
          ]}
        />
      </Card>
      <Card size="small" title={s.roster} extra={fill(s.reporting, { n: r.reporting })}>
        <Space size="large" wrap style={{ marginBottom: 8 }}>
          <Statistic title={s.gapDays} value={r.gapDays} />
          <Statistic title={s.peopleShort} value={r.peopleShort} />
          <Statistic title={s.noRoster} value={r.withoutRoster} />
        </Space>
        <BarsChart
          names={names}
          testId="roster-chart"
          series={[
            { name: s.gapDays, data: [...reporting.map((x) => x.roster?.gapDays ?? null), r.gapDays] },
            { name: s.peopleShort, data: [...reporting.map((x) => x.roster?.peopleShort ?? null), r.peopleShort] },
          ]}
        />
      </Card>
    </Space>
  );
};

const Chart = ({ o, s }: { o: Overview; s: Strings }) => {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!el.current) return;
    const chart = echarts.init(el.current);
    chart.setOption(
      walkInsOption(
        o.days,
        { name: s.total, data: o.totals.walkIns },
        o.stations.filter((x) => x.enrolledAt).map((x) => ({ name: x.name, data: x.walkIns })),
      ),
    );
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [o, s]);
  return <div ref={el} style={{ height: 280 }} data-testid="walk-in-chart" />;
};

export const OverviewTab = ({ s, admin }: { s: Strings; admin: boolean }) => {
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs().subtract(13, 'day'), dayjs()]);
  const [o, setO] = useState<Overview>();
  const [error, setError] = useState<string>();
  const { message } = AntApp.useApp();
  const q = `from=${range[0].format('YYYY-MM-DD')}&to=${range[1].format('YYYY-MM-DD')}`;
  const load = useCallback(() => {
    api<Overview>(`/api/overview?${q}`).then(setO, (e: Error) => setError(e.message));
  }, [q]);
  useEffect(load, [load]);
  const exportFile = async (kind: 'csv' | 'xlsx') => {
    // fetched with the session token, then handed to the browser as a file
    const res = await fetch(`/api/overview.${kind}?${q}&lang=${s === zh ? 'zh' : 'en'}`, { headers: { authorization: `Bearer ${sessionStorage.getItem(TOKEN)}` } });
    // saved under the name HQ gives the file (overview-<from>-<to>), the same wherever it is taken
    const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? `overview.${kind}`;
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    a.click();
    URL.revokeObjectURL(url);
  };
  const newCode = async (id: string) => {
    try {
      const c = await api<{ enrolmentCode: string; expiresAt: string }>(`/api/stations/${id}/code`, { method: 'POST', body: '{}' });
      void message.info(`${s.codeIssued} ${c.enrolmentCode}`, 20);
    } catch (e) {
      void message.error(errorText(s, e));
    }
  };
  const stale = (at: string | null) => !at || Date.now() - Date.parse(at) > 86400_000;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Space wrap>
        <DatePicker.RangePicker value={range} onChange={(v) => v && v[0] && v[1] && setRange([v[0], v[1]])} allowClear={false} />
        <Button onClick={load}>{s.refresh}</Button>
        <Button type="primary" onClick={() => void exportFile('csv')} data-testid="export-csv">
          {s.exportCsv}
        </Button>
        <Button onClick={() => void exportFile('xlsx')} data-testid="export-xlsx">
          {s.exportXlsx}
        </Button>
      </Space>
      {error && <Alert type="error" title={fill(s.failed, { e: error })} />}
      {o && (
        <>
          <Space size="large" wrap>
            <Statistic title={s.stations} value={o.totals.stations} suffix={`/ ${o.totals.enrolled} ${s.enrolled}`} />
            <Statistic title={s.backlog} value={o.totals.backlog} />
            <Statistic title={s.walkInTotal} value={o.totals.walkInTotal} />
          </Space>
          <Card size="small" title={s.walkIns}>
            <Chart o={o} s={s} />
          </Card>
          <FiguresCharts o={o} s={s} />
          <Table<StationRow>
            size="small"
            rowKey="id"
            pagination={false}
            scroll={{ x: true }}
            dataSource={o.stations}
            data-testid="stations-table"
            columns={[
              { title: s.code, dataIndex: 'code', fixed: 'left' },
              { title: s.name, dataIndex: 'name' },
              { title: s.district, dataIndex: 'district' },
              {
                title: s.lastSync,
                dataIndex: 'lastSyncAt',
                render: (at: string | null, r) =>
                  !r.enrolledAt ? (
                    <Tag>{s.notEnrolled}</Tag>
                  ) : (
                    <Tag color={stale(at) ? 'warning' : 'success'} title={stale(at) ? s.stale : undefined}>
                      {at ? localDateTime(at, r.timeZone) : s.never}
                    </Tag>
                  ),
              },
              { title: s.backlog, dataIndex: 'backlog', align: 'right' },
              { title: s.rejects, dataIndex: 'rejects', align: 'right', render: (n: number) => (n > 0 ? <Tag color="error">{n}</Tag> : 0) },
              {
                title: s.skew,
                dataIndex: 'clockSkewMs',
                render: (ms: number | null) => (ms === null ? '—' : Math.abs(ms) < 60_000 ? '✓' : `${Math.round(ms / 60_000)} min`),
              },
              {
                title: s.mediation,
                dataIndex: 'mediation',
                render: (m: Record<string, number>) => Object.entries(m).map(([k, v]) => `${s.statuses[k] ?? k} ${v}`).join(' · ') || '—',
              },
              { title: s.walkInTotal, dataIndex: 'walkInTotal', align: 'right' },
              {
                title: s.ratings,
                dataIndex: 'ratings',
                align: 'right',
                render: (r: StationRow['ratings']) => (r.count > 0 ? fill(s.ratingsCell, { count: r.count, rate: rate(r.satisfied, r.count) ?? 0 }) : '—'),
              },
              {
                title: s.roomsRate,
                key: 'rooms',
                align: 'right',
                render: (_: unknown, r: StationRow) => (r.collection ? `${rate(r.collection.roomsCollected, r.collection.rooms) ?? '—'}%` : <Tag>{s.notReported}</Tag>),
              },
              {
                title: s.peopleRate,
                key: 'people',
                align: 'right',
                render: (_: unknown, r: StationRow) => (r.collection ? `${rate(r.collection.peopleVerified, r.collection.people) ?? '—'}%` : '—'),
              },
              {
                title: s.gapDays,
                key: 'gaps',
                align: 'right',
                render: (_: unknown, r: StationRow) =>
                  !r.roster ? '—' : !r.roster.hasRoster ? <Tag color="warning">{s.noRoster}</Tag> : r.roster.gapDays > 0 ? <Tag color="error">{r.roster.gapDays}</Tag> : 0,
              },
              ...(admin ? [{ title: '', key: 'code', render: (_: unknown, r: StationRow) => <Button size="small" onClick={() => void newCode(r.id)}>{s.newCode}</Button> }] : []),
            ]}
            summary={() => (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0} colSpan={4}>
                  <b>{s.total}</b>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={4} align="right">
                  {o.totals.backlog}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={5} colSpan={4} align="right">
                  {o.totals.walkInTotal}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={9} align="right">
                  {`${rate(o.totals.collection.roomsCollected, o.totals.collection.rooms) ?? '—'}%`}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={10} align="right">
                  {`${rate(o.totals.collection.peopleVerified, o.totals.collection.people) ?? '—'}%`}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={11} align="right">
                  {o.totals.roster.gapDays}
                </Table.Summary.Cell>
              </Table.Summary.Row>
            )}
          />
        </>
      )}
    </Space>
  );
};
