import { PlusOutlined, PrinterOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Descriptions, Drawer, Empty, Flex, Form, Input, InputNumber, Select, Space, Table, Tabs, Tag, Typography, type TabsProps } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import {
  patrolBoard,
  patrolCheckpoint,
  patrolEnd,
  patrolFindingAdd,
  patrolGet,
  patrolGoods,
  patrolGoodsRestock,
  patrolGoodsSave,
  patrolPointsAward,
  patrolPointsCorrect,
  patrolRedeem,
  patrolRouteSave,
  patrolRulesSave,
  patrolStart,
  patrolVolunteerGet,
  patrolVolunteerSave,
  patrolVolunteers,
  type GoodsView,
  type LedgerEntry,
  type PatrolBoard,
  type PatrolLine,
  type PatrolView,
  type PointsRules,
  type RouteView,
  type VolunteerLine,
} from '../../shared/patrol/contract.js';
import { localDate, localDateTime, localTime } from '../../shared/time.js';
import { markFieldErrors, clearFieldErrors, focusFirstError } from '../app/formErrors.js';
import { errorText } from '../app/i18n.js';
import { useCan, useMe } from '../app/me.js';
import { ModalForm } from '../app/ModalForm.js';
import { useAction, useMethod } from '../app/query.js';
import { FindingsList } from './Findings.js';
import { PREVENTION_TABS } from './PreventionTabs.js';
import type { TFunction } from 'i18next';
import type { Names } from '../app/resources.js';

const STATUS_COLOR = { underway: 'processing', ended: 'default', cancelled: 'red' } as const;

/** A tab of the patrol zone: a self-contained component under its label. */
export interface PatrolTab {
  key: string;
  label: (t: TFunction) => string;
  render: () => ReactNode;
}

/**
 * The tabs of the patrol zone, in order: patrols and the volunteers' points here, then the
 * prevention tabs (property night checks, school guard posts, video channels). A further part of
 * the zone adds its own entries the same way.
 */
const PATROL_TABS: PatrolTab[] = [
  { key: 'patrols', label: (t) => t('patrol.tabs.patrols'), render: () => <PatrolsTab /> },
  { key: 'volunteers', label: (t) => t('patrol.tabs.volunteers'), render: () => <VolunteersTab /> },
  { key: 'market', label: (t) => t('patrol.tabs.market'), render: () => <MarketTab /> },
  { key: 'routes', label: (t) => t('patrol.tabs.routes'), render: () => <RoutesTab /> },
  { key: 'rules', label: (t) => t('patrol.tabs.rules'), render: () => <RulesTab /> },
  ...PREVENTION_TABS,
];

export const PatrolPage = () => {
  const { t } = useTranslation();
  const items: TabsProps['items'] = PATROL_TABS.map((tab) => ({ key: tab.key, label: tab.label(t), children: tab.render() }));
  return (
    <Card title={t('patrol.title')} size="small">
      <Tabs items={items} destroyOnHidden />
    </Card>
  );
};

/**
 * Runs a form's submission against the core: errors on the form's fields are marked there, the
 * first focused; anything else comes back to be shown above the form.
 */
const useSubmit = () => {
  const { t } = useTranslation();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any form's values
  return async (form: any, run: () => Promise<unknown>): Promise<unknown> => {
    clearFieldErrors(form);
    try {
      await run();
      return null;
    } catch (e) {
      if (markFieldErrors(form, t, e)) {
        focusFirstError(form, e);
        return null;
      }
      return e;
    }
  };
};

const ErrorLine = ({ error }: { error: unknown }) => {
  const { t } = useTranslation();
  return error ? <Alert type="error" showIcon title={errorText(t, error)} style={{ marginBottom: 8 }} data-testid="patrol-error" /> : null;
};

// ───────────────────────────── patrols ─────────────────────────────

const PatrolsTab = () => {
  const { t } = useTranslation();
  const board = useMethod(patrolBoard, {}, { refetchInterval: 15_000 });
  if (board.error) return <Alert type="error" showIcon title={errorText(t, board.error)} />;
  if (!board.data) return null;
  const b = board.data;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size={12}>
      {!b.shiftOpen && <Alert type="info" showIcon title={t('patrol.patrol.noShift')} data-testid="patrol-no-shift" />}
      <StartForm board={b} />
      <Typography.Title level={5}>{t('patrol.patrol.underway')}</Typography.Title>
      {b.underway.length === 0 ? <Empty description={t('patrol.patrol.none')} /> : b.underway.map((p) => <UnderwayCard key={p.id} patrol={p} />)}
      <Typography.Title level={5}>{t('patrol.patrol.recent')}</Typography.Title>
      <RecentTable lines={b.recent} />
    </Space>
  );
};

const StartForm = ({ board }: { board: PatrolBoard }) => {
  const { t } = useTranslation();
  const { me } = useMe();
  const start = useAction(patrolStart);
  const [form] = Form.useForm();
  const submit = useSubmit();
  const [error, setError] = useState<unknown>(null);
  if (board.routes.length === 0) return <Alert type="warning" showIcon title={t('patrol.start.noRoutes')} />;
  const bikeLabel = (b: PatrolBoard['bicycles'][number]) =>
    `${[b.name, b.code].filter(Boolean).join(' ')}${b.outOn ? `（${t('patrol.start.out')}）` : b.state !== 'present' ? `（${t(`office.equipmentStates.${b.state}`)}）` : ''}`;
  return (
    <Card size="small" title={t('patrol.start.title')}>
      <ErrorLine error={error} />
      <Form
        form={form}
        layout="vertical"
        data-testid="patrol-start-form"
        initialValues={{ staffIds: board.staff.some((s) => s.staffId === me.staffId) ? [me.staffId] : [], volunteerIds: [], guards: [], bicycleId: '' }}
        onFinish={(v: { routeId?: string; staffIds: string[]; volunteerIds: string[]; guards: string[]; bicycleId: string }) =>
          void submit(form, async () => {
            await start.mutateAsync({ routeId: v.routeId ?? '', staffIds: v.staffIds, volunteerIds: v.volunteerIds, guards: v.guards, bicycleId: v.bicycleId || null });
            form.resetFields();
          }).then(setError)
        }
      >
        <Flex gap={8} wrap>
          <Form.Item name="routeId" label={t('patrol.start.route')} style={{ width: 200 }}>
            <Select data-testid="patrol-start-route" options={board.routes.map((r) => ({ value: r.id, label: r.name }))} />
          </Form.Item>
          <Form.Item name="staffIds" label={t('patrol.start.staff')} style={{ minWidth: 220 }}>
            <Select mode="multiple" data-testid="patrol-start-staff" options={board.staff.map((s) => ({ value: s.staffId, label: `${s.name}（${t(`patrol.roles.${s.role}`)}）` }))} />
          </Form.Item>
          <Form.Item name="volunteerIds" label={t('patrol.start.volunteers')} style={{ minWidth: 220 }}>
            <Select mode="multiple" data-testid="patrol-start-volunteers" optionFilterProp="label" options={board.volunteers.map((v) => ({ value: v.volunteerId, label: `${v.cardNo} ${v.name}` }))} />
          </Form.Item>
          <Form.Item name="guards" label={t('patrol.start.guards')} style={{ minWidth: 220 }}>
            <Select mode="tags" open={false} suffixIcon={null} data-testid="patrol-start-guards" />
          </Form.Item>
          <Form.Item name="bicycleId" label={t('patrol.start.bicycle')} style={{ width: 220 }}>
            <Select data-testid="patrol-start-bicycle" options={[{ value: '', label: t('patrol.start.noBicycle') }, ...board.bicycles.map((b) => ({ value: b.id, label: bikeLabel(b) }))]} />
          </Form.Item>
        </Flex>
        <Button type="primary" htmlType="submit" loading={start.isPending} data-testid="patrol-start-submit">
          {t('patrol.start.submit')}
        </Button>
      </Form>
    </Card>
  );
};

const peopleOf = (p: PatrolView) => [...p.staff.map((s) => s.name), ...p.volunteers.map((v) => `${v.name}（${v.cardNo}）`), ...p.guards].join('、');

const UnderwayCard = ({ patrol: p }: { patrol: PatrolView }) => {
  const { t } = useTranslation();
  const { me } = useMe();
  const tz = me.timeZone;
  const checkpoint = useAction(patrolCheckpoint);
  const end = useAction(patrolEnd);
  const finding = useAction(patrolFindingAdd);
  const [error, setError] = useState<unknown>(null);
  const [form] = Form.useForm();
  const submit = useSubmit();
  const run = (fn: () => Promise<unknown>) => {
    setError(null);
    fn().catch(setError);
  };
  return (
    <Card size="small" data-testid="patrol-underway" title={`${p.routeName} · ${t('patrol.patrol.since', { from: localDateTime(p.startedAt, tz) })}`}>
      <ErrorLine error={error} />
      <Descriptions size="small" column={2} bordered>
        <Descriptions.Item label={t('patrol.patrol.people')}>
          <span data-testid="patrol-people">{peopleOf(p)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('patrol.patrol.bicycle')}>{p.bicycle ? [p.bicycle.name, p.bicycle.code].filter(Boolean).join(' ') : '—'}</Descriptions.Item>
      </Descriptions>
      <Typography.Text strong style={{ display: 'block', marginTop: 8 }}>
        {t('patrol.patrol.checkpoints')}
      </Typography.Text>
      <Flex gap={8} wrap style={{ margin: '6px 0' }}>
        {p.checkpoints.map((c, i) => (
          <Space key={c.key} size={4} data-testid="patrol-checkpoint">
            <Tag color={c.at ? 'green' : undefined}>
              {i + 1}. {c.place}
              {c.at ? ` · ${t('patrol.patrol.passedAt', { at: localTime(c.at, tz) })}` : ''}
            </Tag>
            {!c.at && (
              <Button size="small" data-testid="patrol-checkpoint-pass" onClick={() => run(() => checkpoint.mutateAsync({ id: p.id, version: p.version, key: c.key, at: new Date().toISOString() }))}>
                {t('patrol.patrol.passed')}
              </Button>
            )}
          </Space>
        ))}
      </Flex>
      <Form
        form={form}
        layout="inline"
        data-testid="patrol-finding-form"
        onFinish={(v: { place?: string; text?: string }) =>
          void submit(form, async () => {
            const cp = p.checkpoints.find((c) => c.key === v.place);
            await finding.mutateAsync({ patrolId: p.id, text: v.text ?? '', ...(cp ? { checkpointKey: cp.key } : { place: v.place ?? null }) });
            form.resetFields();
          }).then(setError)
        }
      >
        <Form.Item name="place" label={t('patrol.patrol.findingPlace')}>
          <Select style={{ width: 180 }} data-testid="patrol-finding-place" options={p.checkpoints.map((c) => ({ value: c.key, label: c.place }))} />
        </Form.Item>
        <Form.Item name="text" label={t('patrol.patrol.findingText')}>
          <Input style={{ width: 280 }} data-testid="patrol-finding-text" />
        </Form.Item>
        <Button htmlType="submit" loading={finding.isPending} data-testid="patrol-finding-add">
          {t('patrol.patrol.addFinding')}
        </Button>
      </Form>
      <FindingsList patrol={p} />
      <Button type="primary" danger style={{ marginTop: 8 }} loading={end.isPending} data-testid="patrol-end" onClick={() => run(() => end.mutateAsync({ id: p.id, version: p.version }))}>
        {t('patrol.patrol.end')}
      </Button>
    </Card>
  );
};

/** The patrols that ended; one opens with its findings, which can still become other records. */
const RecentTable = ({ lines }: { lines: PatrolLine[] }) => {
  const { t } = useTranslation();
  const { me } = useMe();
  const [open, setOpen] = useState<string | null>(null);
  return (
    <>
      <Table<PatrolLine>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={lines}
        data-testid="patrol-recent"
        onRow={(l) => ({ onClick: () => setOpen(l.id), style: { cursor: 'pointer' }, 'data-testid': 'patrol-recent-row' }) as React.HTMLAttributes<HTMLTableRowElement>}
        columns={[
          { title: t('patrol.patrol.time'), key: 'time', width: 200, render: (_, l) => `${localDateTime(l.startedAt, me.timeZone)}–${l.endedAt ? localTime(l.endedAt, me.timeZone) : ''}` },
          { title: t('patrol.patrol.route'), dataIndex: 'routeName', width: 160 },
          { title: t('patrol.patrol.people'), dataIndex: 'people' },
          { title: t('patrol.patrol.bicycle'), dataIndex: 'bicycle', width: 160 },
          { title: t('patrol.patrol.findingsCount'), dataIndex: 'findings', width: 70 },
          { title: '', dataIndex: 'status', width: 90, render: (s: PatrolLine['status']) => <Tag color={STATUS_COLOR[s]}>{t(`patrol.statuses.${s}`)}</Tag> },
        ]}
      />
      <PatrolDrawer id={open} onClose={() => setOpen(null)} />
    </>
  );
};

/** One patrol as it went: who, which bicycle, the checkpoints passed, and its findings. */
const PatrolDrawer = ({ id, onClose }: { id: string | null; onClose: () => void }) => {
  const { t } = useTranslation();
  const { me } = useMe();
  const patrol = useMethod(patrolGet, { id: id ?? '' }, { enabled: id !== null });
  const p = id ? patrol.data : undefined;
  return (
    <Drawer open={id !== null} onClose={onClose} size={760} title={p ? `${p.routeName} · ${localDateTime(p.startedAt, me.timeZone)}` : ''} destroyOnHidden>
      {patrol.error && <Alert type="error" showIcon title={errorText(t, patrol.error)} />}
      {p && (
        <Space orientation="vertical" style={{ width: '100%' }} data-testid="patrol-detail">
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label={t('patrol.patrol.time')}>
              {`${localDateTime(p.startedAt, me.timeZone)}–${p.endedAt ? localTime(p.endedAt, me.timeZone) : ''}`} <Tag color={STATUS_COLOR[p.status]}>{t(`patrol.statuses.${p.status}`)}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('patrol.patrol.route')}>{p.routeName}</Descriptions.Item>
            <Descriptions.Item label={t('patrol.patrol.people')}>{peopleOf(p)}</Descriptions.Item>
            <Descriptions.Item label={t('patrol.patrol.bicycle')}>{p.bicycle ? [p.bicycle.name, p.bicycle.code].filter(Boolean).join(' ') : '—'}</Descriptions.Item>
          </Descriptions>
          <Typography.Text strong>{t('patrol.patrol.checkpoints')}</Typography.Text>
          <Flex gap={8} wrap>
            {p.checkpoints.map((c, i) => (
              <Tag key={c.key} color={c.at ? 'green' : undefined}>
                {i + 1}. {c.place}
                {c.at ? ` · ${t('patrol.patrol.passedAt', { at: localTime(c.at, me.timeZone) })}` : ''}
              </Tag>
            ))}
          </Flex>
          <Typography.Text strong>{t('patrol.patrol.findings')}</Typography.Text>
          {p.findings.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('patrol.finding.none')} /> : <FindingsList patrol={p} />}
        </Space>
      )}
    </Drawer>
  );
};

// ───────────────────────────── routes ─────────────────────────────

const RoutesTab = () => {
  const { t } = useTranslation();
  const can = useCan();
  const board = useMethod(patrolBoard, {});
  const save = useAction(patrolRouteSave);
  const [editing, setEditing] = useState<RouteView | 'new' | null>(null);
  const [form] = Form.useForm<{ name: string; note?: string; checkpoints: string }>();
  const current = editing && editing !== 'new' ? editing : null;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {can(patrolRouteSave) && (
        <Button icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="patrol-route-add">
          {t('patrol.route.add')}
        </Button>
      )}
      <Table<RouteView>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={board.data?.routes ?? []}
        columns={[
          { title: t('patrol.route.name'), dataIndex: 'name', width: 200 },
          { title: t('patrol.patrol.checkpoints'), key: 'cp', render: (_, r) => r.checkpoints.map((c) => c.place).join(' → ') },
          { title: t('patrol.route.note'), dataIndex: 'note', width: 200 },
          {
            title: '',
            key: 'edit',
            width: 80,
            render: (_, r) => can(patrolRouteSave) && <Button size="small" onClick={() => setEditing(r)}>{t('patrol.route.edit')}</Button>,
          },
        ]}
      />
      <ModalForm
        open={editing !== null}
        title={current ? current.name : t('patrol.route.add')}
        form={form}
        testId="patrol-route-form"
        initialValues={current ? { name: current.name, note: current.note ?? '', checkpoints: current.checkpoints.map((c) => c.place).join('\n') } : { checkpoints: '' }}
        onCancel={() => setEditing(null)}
        onSubmit={async (v) => {
          const places = (v.checkpoints ?? '').split('\n').map((s) => s.trim()).filter(Boolean);
          // a line that still reads as before keeps its checkpoint (and its address)
          const checkpoints = places.map((place, i) => {
            const old = current?.checkpoints.find((c, j) => c.place === place && j === i) ?? current?.checkpoints.find((c) => c.place === place);
            return old ? { key: old.key, addressId: old.addressId, place } : { place };
          });
          await save.mutateAsync({ ...(current ? { id: current.id, version: current.version } : {}), name: v.name ?? '', note: v.note ?? null, checkpoints });
          setEditing(null);
        }}
      >
        <Form.Item name="name" label={t('patrol.route.name')}>
          <Input autoFocus data-testid="patrol-route-name" />
        </Form.Item>
        <Form.Item name="checkpoints" label={t('patrol.route.checkpoints')}>
          <Input.TextArea rows={5} data-testid="patrol-route-checkpoints" />
        </Form.Item>
        <Form.Item name="note" label={t('patrol.route.note')}>
          <Input />
        </Form.Item>
      </ModalForm>
    </Space>
  );
};

// ───────────────────────────── volunteers ─────────────────────────────

const VolunteersTab = () => {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const list = useMethod(patrolVolunteers, { query: query || undefined });
  const save = useAction(patrolVolunteerSave);
  const [adding, setAdding] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  const [form] = Form.useForm<{ name: string; phone?: string; note?: string }>();
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Flex gap={8}>
        <Input.Search placeholder={t('patrol.volunteer.search')} allowClear onSearch={setQuery} style={{ width: 260 }} />
        <Button icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="patrol-volunteer-add">
          {t('patrol.volunteer.add')}
        </Button>
      </Flex>
      <Table<VolunteerLine>
        size="small"
        rowKey="id"
        pagination={{ pageSize: 50 }}
        dataSource={list.data ?? []}
        data-testid="patrol-volunteers"
        onRow={(v) => ({ onClick: () => setOpen(v.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('patrol.volunteer.cardNo'), dataIndex: 'cardNo', width: 90 },
          { title: t('patrol.volunteer.name'), dataIndex: 'name', width: 140 },
          { title: t('patrol.volunteer.phone'), dataIndex: 'phone', width: 140 },
          { title: t('patrol.volunteer.joinedOn'), dataIndex: 'joinedOn', width: 110 },
          { title: t('patrol.volunteer.balance'), dataIndex: 'balance', width: 100 },
        ]}
      />
      <ModalForm
        open={adding}
        title={t('patrol.volunteer.add')}
        form={form}
        testId="patrol-volunteer-form"
        onCancel={() => setAdding(false)}
        onSubmit={async (v) => {
          const saved = await save.mutateAsync({ name: v.name ?? '', phone: v.phone ?? null, note: v.note ?? null });
          setAdding(false);
          setOpen(saved.id);
        }}
      >
        <Form.Item name="name" label={t('patrol.volunteer.name')}>
          <Input autoFocus data-testid="patrol-volunteer-name" />
        </Form.Item>
        <Form.Item name="phone" label={t('patrol.volunteer.phone')}>
          <Input data-testid="patrol-volunteer-phone" />
        </Form.Item>
        <Form.Item name="note" label={t('patrol.volunteer.note')}>
          <Input />
        </Form.Item>
      </ModalForm>
      <VolunteerDrawer id={open} onClose={() => setOpen(null)} />
    </Space>
  );
};

const entryWhy = (t: TFunction, e: LedgerEntry, bySeq: Map<string, number>) => {
  const parts: string[] = [];
  if (e.detail) parts.push(t('patrol.ledger.patrolDetail', { route: e.detail.routeName, minutes: e.detail.minutes, findings: e.detail.findings }));
  if (e.goods) parts.push(t('patrol.ledger.goods', { name: e.goods.name, quantity: e.goods.quantity }));
  if (e.reversesId) parts.push(t('patrol.ledger.reverses', { seq: bySeq.get(e.reversesId) ?? '?' }));
  if (e.reason) parts.push(e.reason);
  return parts.join('；');
};

export const LedgerTable = ({ entries, onCorrect, testId }: { entries: LedgerEntry[]; onCorrect?: (e: LedgerEntry) => void; testId?: string }) => {
  const { t } = useTranslation();
  const { me } = useMe();
  const bySeq = new Map(entries.map((e) => [e.id, e.seq]));
  return (
    <Table<LedgerEntry>
      size="small"
      rowKey="id"
      pagination={false}
      dataSource={entries}
      data-testid={testId}
      columns={[
        { title: '#', dataIndex: 'seq', width: 50 },
        { title: t('patrol.ledger.at'), dataIndex: 'at', width: 140, render: (at: string) => localDateTime(at, me.timeZone) },
        { title: t('patrol.ledger.kind'), dataIndex: 'kind', width: 70, render: (k: Names<'patrol.ledger.kinds'>) => t(`patrol.ledger.kinds.${k}`) },
        { title: t('patrol.ledger.points'), dataIndex: 'points', width: 70, render: (p: number) => (p > 0 ? `+${p}` : String(p)) },
        { title: t('patrol.ledger.balance'), dataIndex: 'balanceAfter', width: 70 },
        { title: t('patrol.ledger.why'), key: 'why', render: (_, e) => entryWhy(t, e, bySeq) },
        { title: t('patrol.ledger.by'), dataIndex: 'by', width: 90 },
        ...(onCorrect
          ? [
              {
                title: '',
                key: 'correct',
                width: 80,
                render: (_: unknown, e: LedgerEntry) =>
                  e.reversedBy ? (
                    <Tag>{t('patrol.ledger.reversed')}</Tag>
                  ) : e.kind !== 'reversal' ? (
                    <Button size="small" onClick={() => onCorrect(e)}>
                      {t('patrol.volunteer.correct')}
                    </Button>
                  ) : null,
              },
            ]
          : []),
      ]}
    />
  );
};

const VolunteerDrawer = ({ id, onClose }: { id: string | null; onClose: () => void }) => {
  const { t } = useTranslation();
  const { me } = useMe();
  const can = useCan();
  const navigate = useNavigate();
  const v = useMethod(patrolVolunteerGet, { id: id ?? '' }, { enabled: id !== null });
  const award = useAction(patrolPointsAward);
  const correct = useAction(patrolPointsCorrect);
  const [awarding, setAwarding] = useState(false);
  const [correcting, setCorrecting] = useState<LedgerEntry | null>(null);
  const [awardForm] = Form.useForm<{ points: number; reason: string }>();
  const [correctForm] = Form.useForm<{ reason: string }>();
  const [month, setMonth] = useState<Dayjs>(dayjs(localDate(new Date(), me.timeZone)));
  const d = id ? v.data : undefined;
  return (
    <Drawer open={id !== null} onClose={onClose} size={860} title={d ? `${d.cardNo} ${d.name}` : ''} destroyOnHidden>
      {v.error && <Alert type="error" showIcon title={errorText(t, v.error)} />}
      {d && (
        <Space orientation="vertical" style={{ width: '100%' }} data-testid="patrol-volunteer-detail">
          <Descriptions size="small" column={3} bordered>
            <Descriptions.Item label={t('patrol.volunteer.balance')}>
              <span data-testid="patrol-volunteer-balance">{d.balance}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('patrol.volunteer.patrols')}>{d.patrols}</Descriptions.Item>
            <Descriptions.Item label={t('patrol.volunteer.phone')}>{d.phone ?? '—'}</Descriptions.Item>
          </Descriptions>
          <Flex gap={8} wrap align="center">
            {can(patrolPointsAward) && <Button onClick={() => setAwarding(true)}>{t('patrol.volunteer.award')}</Button>}
            <Typography.Text>{t('patrol.volunteer.statement')}</Typography.Text>
            <DatePicker picker="month" value={month} onChange={(m) => m && setMonth(m)} allowClear={false} data-testid="patrol-statement-month" />
            <Button icon={<PrinterOutlined />} data-testid="patrol-statement-print" onClick={() => navigate(`/print/patrol/statement/${d.id}/${month.format('YYYY-MM')}`)}>
              {t('patrol.volunteer.print')}
            </Button>
            <Button icon={<PrinterOutlined />} onClick={() => navigate(`/print/patrol/card/${d.id}`)}>
              {t('patrol.volunteer.card')}
            </Button>
          </Flex>
          <Typography.Title level={5}>{t('patrol.volunteer.ledger')}</Typography.Title>
          <LedgerTable entries={d.entries} onCorrect={can(patrolPointsCorrect) ? setCorrecting : undefined} testId="patrol-ledger" />
        </Space>
      )}
      <ModalForm
        open={awarding}
        title={t('patrol.volunteer.award')}
        form={awardForm}
        testId="patrol-award-form"
        onCancel={() => setAwarding(false)}
        onSubmit={async (x) => {
          await award.mutateAsync({ volunteerId: id ?? '', points: x.points, reason: x.reason ?? '' });
          setAwarding(false);
        }}
      >
        <Form.Item name="points" label={t('patrol.volunteer.points')}>
          <InputNumber autoFocus style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="reason" label={t('patrol.volunteer.reason')}>
          <Input />
        </Form.Item>
      </ModalForm>
      <ModalForm
        open={correcting !== null}
        title={t('patrol.volunteer.correctTitle')}
        form={correctForm}
        testId="patrol-correct-form"
        danger
        okText={t('patrol.volunteer.correct')}
        onCancel={() => setCorrecting(null)}
        onSubmit={async (x) => {
          await correct.mutateAsync({ entryId: correcting?.id ?? '', reason: x.reason ?? '' });
          setCorrecting(null);
        }}
      >
        <Alert type="info" showIcon title={t('patrol.volunteer.correctHint')} style={{ marginBottom: 12 }} />
        <Form.Item name="reason" label={t('patrol.volunteer.reason')}>
          <Input autoFocus />
        </Form.Item>
      </ModalForm>
    </Drawer>
  );
};

// ───────────────────────────── the points supermarket ─────────────────────────────

const MarketTab = () => {
  const { t } = useTranslation();
  const can = useCan();
  const goods = useMethod(patrolGoods, {});
  const save = useAction(patrolGoodsSave);
  const restock = useAction(patrolGoodsRestock);
  const [adding, setAdding] = useState(false);
  const [stocking, setStocking] = useState<GoodsView | null>(null);
  const [goodsForm] = Form.useForm<{ name: string; unit: string; price: number; note?: string }>();
  const [stockForm] = Form.useForm<{ quantity: number }>();
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size={12}>
      <RedeemForm goods={goods.data ?? []} />
      <Flex justify="space-between" align="center">
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('patrol.market.goods')}
        </Typography.Title>
        {can(patrolGoodsSave) && (
          <Button icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="patrol-goods-add">
            {t('patrol.market.add')}
          </Button>
        )}
      </Flex>
      <Table<GoodsView>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={goods.data ?? []}
        data-testid="patrol-goods"
        columns={[
          { title: t('patrol.market.name'), dataIndex: 'name' },
          { title: t('patrol.market.price'), dataIndex: 'price', width: 100 },
          { title: t('patrol.market.stock'), key: 'stock', width: 100, render: (_, g) => <span data-testid="patrol-goods-stock">{`${g.stock} ${g.unit}`}</span> },
          { title: t('patrol.market.note'), dataIndex: 'note' },
          {
            title: '',
            key: 'restock',
            width: 80,
            render: (_, g) => can(patrolGoodsRestock) && <Button size="small" onClick={() => setStocking(g)}>{t('patrol.market.restock')}</Button>,
          },
        ]}
      />
      <ModalForm
        open={adding}
        title={t('patrol.market.add')}
        form={goodsForm}
        testId="patrol-goods-form"
        initialValues={{ unit: '个' }}
        onCancel={() => setAdding(false)}
        onSubmit={async (v) => {
          await save.mutateAsync({ name: v.name ?? '', unit: v.unit ?? '', price: v.price, note: v.note ?? null });
          setAdding(false);
        }}
      >
        <Form.Item name="name" label={t('patrol.market.name')}>
          <Input autoFocus />
        </Form.Item>
        <Form.Item name="unit" label={t('patrol.market.unit')}>
          <Input style={{ width: 100 }} />
        </Form.Item>
        <Form.Item name="price" label={t('patrol.market.price')}>
          <InputNumber style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="note" label={t('patrol.market.note')}>
          <Input />
        </Form.Item>
      </ModalForm>
      <ModalForm
        open={stocking !== null}
        title={`${t('patrol.market.restock')} · ${stocking?.name ?? ''}`}
        form={stockForm}
        testId="patrol-restock-form"
        onCancel={() => setStocking(null)}
        onSubmit={async (v) => {
          await restock.mutateAsync({ id: stocking?.id ?? '', quantity: v.quantity });
          setStocking(null);
        }}
      >
        <Form.Item name="quantity" label={t('patrol.market.quantity')}>
          <InputNumber autoFocus style={{ width: 160 }} />
        </Form.Item>
      </ModalForm>
    </Space>
  );
};

const RedeemForm = ({ goods }: { goods: GoodsView[] }) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const volunteers = useMethod(patrolVolunteers, {});
  const redeem = useAction(patrolRedeem);
  const [form] = Form.useForm<{ volunteerId?: string; goodsId?: string; quantity: number }>();
  const submit = useSubmit();
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const chosen = Form.useWatch([], form);
  const volunteer = volunteers.data?.find((v) => v.id === chosen?.volunteerId);
  const item = goods.find((g) => g.id === chosen?.goodsId);
  return (
    <Card size="small" title={t('patrol.market.redeemTitle')}>
      <ErrorLine error={error} />
      {done && <Alert type="success" showIcon title={done} style={{ marginBottom: 8 }} data-testid="patrol-redeem-done" />}
      <Form
        form={form}
        layout="inline"
        data-testid="patrol-redeem-form"
        initialValues={{ quantity: 1 }}
        onFinish={(v) =>
          void submit(form, async () => {
            setDone(null);
            const r = await redeem.mutateAsync({ volunteerId: v.volunteerId ?? '', goodsId: v.goodsId ?? '', quantity: v.quantity });
            const text = t('patrol.market.done', { name: volunteer?.name ?? '', goods: r.entry.goods?.name ?? '', quantity: r.entry.goods?.quantity ?? 0, balance: r.balance });
            setDone(text);
            void message.success(text);
            form.resetFields();
          }).then(setError)
        }
      >
        <Form.Item name="volunteerId" label={t('patrol.market.volunteer')}>
          <Select
            showSearch
            optionFilterProp="label"
            style={{ width: 220 }}
            data-testid="patrol-redeem-volunteer"
            options={(volunteers.data ?? []).map((v) => ({ value: v.id, label: `${v.cardNo} ${v.name}（${v.balance}）` }))}
          />
        </Form.Item>
        <Form.Item name="goodsId" label={t('patrol.market.name')}>
          <Select style={{ width: 220 }} data-testid="patrol-redeem-goods" options={goods.map((g) => ({ value: g.id, label: `${g.name}（${g.price}）` }))} />
        </Form.Item>
        <Form.Item name="quantity" label={t('patrol.market.quantity')}>
          <InputNumber style={{ width: 90 }} data-testid="patrol-redeem-quantity" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={redeem.isPending} data-testid="patrol-redeem-submit">
          {t('patrol.market.redeem')}
        </Button>
      </Form>
      {volunteer && item && (
        <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8 }}>
          {t('patrol.market.cost', { cost: item.price * (chosen?.quantity ?? 0), balance: volunteer.balance })}
        </Typography.Text>
      )}
    </Card>
  );
};

// ───────────────────────────── rules ─────────────────────────────

const RulesTab = () => {
  const board = useMethod(patrolBoard, {});
  return board.data ? <RulesForm rules={board.data.rules} /> : null;
};

const RulesForm = ({ rules }: { rules: PointsRules }) => {
  const { t } = useTranslation();
  const { me } = useMe();
  const can = useCan();
  const save = useAction(patrolRulesSave);
  const [form] = Form.useForm<{ perHour: number; perPatrol: number; perFinding: number }>();
  const submit = useSubmit();
  const [error, setError] = useState<unknown>(null);
  const editable = can(patrolRulesSave);
  return (
    <Space orientation="vertical">
      <Typography.Text type="secondary">{t('patrol.rules.hint')}</Typography.Text>
      <Typography.Text type="secondary">{rules.version === 0 ? t('patrol.rules.defaults') : t('patrol.rules.updated', { by: rules.updatedBy ?? '', at: rules.updatedAt ? localDateTime(rules.updatedAt, me.timeZone) : '' })}</Typography.Text>
      <ErrorLine error={error} />
      <Form
        form={form}
        layout="inline"
        disabled={!editable}
        initialValues={{ perHour: rules.perHour, perPatrol: rules.perPatrol, perFinding: rules.perFinding }}
        onFinish={(v) => void submit(form, () => save.mutateAsync({ version: rules.version, ...v })).then(setError)}
      >
        {(['perHour', 'perPatrol', 'perFinding'] as const).map((k) => (
          <Form.Item key={k} name={k} label={t(`patrol.rules.${k}`)}>
            <InputNumber style={{ width: 100 }} data-testid={`patrol-rules-${k}`} />
          </Form.Item>
        ))}
        {editable && (
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            {t('patrol.rules.save')}
          </Button>
        )}
      </Form>
    </Space>
  );
};
