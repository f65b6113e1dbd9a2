import { App as AntApp, Alert, Button, Card, ConfigProvider, DatePicker, Form, Input, InputNumber, Layout, Space, Statistic, Switch, Table, Tabs, Tag, Typography } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs, { type Dayjs } from 'dayjs';
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { StrictMode, useCallback, useEffect, useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiError, TOKEN, api, errorText } from './api.js';
import { ReferenceTab } from './reference.js';
import { en, fill, zh, type Strings } from './strings.js';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

interface StationRow {
  id: string;
  code: string;
  name: string;
  district: string;
  enrolledAt: string | null;
  lastSyncAt: string | null;
  backlog: number;
  rejects: number;
  clockSkewMs: number | null;
  walkIns: number[];
  walkInTotal: number;
  mediation: Record<string, number>;
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
    chart.setOption({
      tooltip: { trigger: 'axis' },
      legend: {},
      grid: { left: 48, right: 16, top: 36, bottom: 24 },
      xAxis: { type: 'category', data: names },
      yAxis: { type: 'value', minInterval: 1, ...(percent ? { max: 100, axisLabel: { formatter: '{value}%' } } : {}) },
      series: series.map((x) => ({ name: x.name, type: 'bar', data: x.data })),
    });
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
    chart.setOption({
      tooltip: { trigger: 'axis' },
      legend: { type: 'scroll' },
      grid: { left: 40, right: 16, top: 40, bottom: 24 },
      xAxis: { type: 'category', data: o.days.map((d) => d.slice(5)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: s.total, type: 'line', data: o.totals.walkIns, lineStyle: { width: 3 } },
        ...o.stations.filter((x) => x.enrolledAt).map((x) => ({ name: x.name, type: 'line', data: x.walkIns, symbol: 'none' })),
      ],
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [o, s]);
  return <div ref={el} style={{ height: 280 }} data-testid="walk-in-chart" />;
};

const OverviewTab = ({ s, admin }: { s: Strings; admin: boolean }) => {
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
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = `overview-${q.replace(/[^0-9-]+/g, '_')}.${kind}`;
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
                      {at ? dayjs(at).format('YYYY-MM-DD HH:mm') : s.never}
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

/** Stations and the update feed: admins only. */
const ManageTab = ({ s }: { s: Strings }) => {
  const { message } = AntApp.useApp();
  const [issued, setIssued] = useState<{ code: string; enrolmentCode: string; expiresAt: string }>();
  const wrap = (fn: (v: Record<string, string>) => Promise<void>) => async (v: Record<string, string>) => {
    try {
      await fn(v);
    } catch (e) {
      void message.error(errorText(s, e));
    }
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large">
      <Card title={s.newStation}>
        <Form
          layout="inline"
          onFinish={wrap(async (v) => {
            const r = await api<{ enrolmentCode: string; expiresAt: string }>('/api/stations', { method: 'POST', body: JSON.stringify(v) });
            setIssued({ code: v.code, ...r });
          })}
        >
          <Form.Item name="code" label={s.code} rules={[{ required: true }]}>
            <Input placeholder="SY-NJ-001" />
          </Form.Item>
          <Form.Item name="name" label={s.name} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name="district" label={s.district} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Button type="primary" htmlType="submit" data-testid="create-station">
            {s.create}
          </Button>
        </Form>
        {issued && (
          <Alert
            style={{ marginTop: 16 }}
            type="success"
            title={
              <span>
                {issued.code} · {s.codeIssued} <Typography.Text code copyable data-testid="enrolment-code">{issued.enrolmentCode}</Typography.Text>
              </span>
            }
            description={fill(s.codeExpires, { at: dayjs(issued.expiresAt).format('YYYY-MM-DD HH:mm') })}
          />
        )}
      </Card>
      <ReleasesCard s={s} />
    </Space>
  );
};

interface Release {
  version: string;
  held: boolean;
  stagingPercentage: number;
  files: string[];
  signed: boolean;
}

/** The update feed: hold a release back, or offer it to a share of stations first. */
const ReleasesCard = ({ s }: { s: Strings }) => {
  const { message } = AntApp.useApp();
  const [releases, setReleases] = useState<Release[]>([]);
  const load = useCallback(() => {
    api<Release[]>('/api/releases').then(setReleases, () => setReleases([]));
  }, []);
  useEffect(load, [load]);
  const save = async (r: Release) => {
    try {
      await api(`/api/releases/${r.version}`, { method: 'POST', body: JSON.stringify({ held: r.held, stagingPercentage: r.stagingPercentage }) });
      void message.success(s.published);
      load();
    } catch (e) {
      void message.error(errorText(s, e));
    }
  };
  const change = (version: string, patch: Partial<Release>) => setReleases((rs) => rs.map((r) => (r.version === version ? { ...r, ...patch } : r)));
  return (
    <Card title={s.releases}>
      <Table<Release>
        size="small"
        rowKey="version"
        pagination={false}
        dataSource={releases}
        locale={{ emptyText: s.noReleases }}
        columns={[
          { title: s.version, dataIndex: 'version' },
          {
            title: s.signature,
            dataIndex: 'signed',
            render: (signed: boolean) => (signed ? <Tag color="success">{s.signed}</Tag> : <Tag color="error">{s.unsigned}</Tag>),
          },
          { title: s.held, dataIndex: 'held', render: (held: boolean, r) => <Switch checked={held} onChange={(v) => change(r.version, { held: v })} /> },
          {
            title: s.staging,
            dataIndex: 'stagingPercentage',
            render: (p: number, r) => <InputNumber min={0} max={100} value={p} onChange={(v) => change(r.version, { stagingPercentage: Number(v ?? 100) })} />,
          },
          { title: '', key: 'save', render: (_: unknown, r) => <Button size="small" onClick={() => void save(r)}>{s.save}</Button> },
        ]}
      />
    </Card>
  );
};

const Login = ({ s, onDone }: { s: Strings; onDone: (role: string) => void }) => {
  const [error, setError] = useState<string>();
  return (
    <Card title={s.title} style={{ maxWidth: 420, margin: '80px auto' }}>
      {error && <Alert type="error" title={error} style={{ marginBottom: 16 }} />}
      <Form
        layout="vertical"
        onFinish={async (v: { username: string; password: string }) => {
          try {
            const r = await api<{ token: string; role: string }>('/api/login', { method: 'POST', body: JSON.stringify(v) });
            sessionStorage.setItem(TOKEN, r.token);
            sessionStorage.setItem('hq.role', r.role);
            onDone(r.role);
          } catch (e) {
            const code = (e as Error).message;
            setError(
              code === 'tooManyRequests' ? s.tooMany : code === 'lockedOut' && e instanceof ApiError ? fill(s.lockedOut, e.params ?? {}) : s.badLogin,
            );
          }
        }}
      >
        <Form.Item name="username" label={s.username} rules={[{ required: true }]}>
          <Input autoFocus autoComplete="username" />
        </Form.Item>
        <Form.Item name="password" label={s.password} rules={[{ required: true }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block>
          {s.login}
        </Button>
      </Form>
    </Card>
  );
};

const Root = () => {
  const [lang, setLang] = useState<'zh' | 'en'>(localStorage.getItem('hq.lang') === 'en' ? 'en' : 'zh');
  const [role, setRole] = useState<string | null>(sessionStorage.getItem(TOKEN) ? sessionStorage.getItem('hq.role') : null);
  const s = lang === 'zh' ? zh : en;
  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    localStorage.setItem('hq.lang', lang);
  }, [lang]);
  const admin = role === 'admin';
  return (
    <ConfigProvider locale={lang === 'zh' ? zhCN : enUS}>
      <AntApp>
        <Layout style={{ minHeight: '100vh' }}>
          <Layout.Header style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', color: '#fff' }}>
            <Typography.Title level={4} style={{ color: '#fff', margin: 0 }}>
              {s.title}
            </Typography.Title>
            <Space>
              <Button size="small" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>
                {s.language}
              </Button>
              {role && (
                <Button
                  size="small"
                  onClick={() => {
                    sessionStorage.clear();
                    setRole(null);
                  }}
                >
                  {s.logout}
                </Button>
              )}
            </Space>
          </Layout.Header>
          <Layout.Content style={{ padding: 24 }}>
            {!role ? (
              <Login s={s} onDone={setRole} />
            ) : (
              <>
                {!admin && <Alert type="info" title={s.viewerNote} style={{ marginBottom: 16 }} />}
                <Tabs
                  items={[
                    { key: 'overview', label: s.overview, children: <OverviewTab s={s} admin={admin} /> },
                    // viewers see what is published; the server refuses their publishing, the page offers none
                    { key: 'reference', label: s.reference, children: <ReferenceTab s={s} admin={admin} /> },
                    ...(admin ? [{ key: 'manage', label: s.manage, children: <ManageTab s={s} /> }] : []),
                  ]}
                />
              </>
            )}
          </Layout.Content>
        </Layout>
      </AntApp>
    </ConfigProvider>
  );
};

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
