import { DownloadOutlined, PrinterOutlined, SearchOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Col, DatePicker, Empty, Input, List, Progress, Result, Row, Select, Space, Spin, Table, Tabs, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import {
  IMPORT_FIELDS,
  collectionAppointmentSetStatus,
  collectionAppointments,
  collectionCompleteness,
  collectionExport,
  collectionImportCancel,
  collectionImportCommit,
  collectionImportPreview,
  collectionImportProgress,
  collectionImportRejects,
  collectionSearch,
  collectionTree,
  collectionUnits,
  type CompletenessRow,
  type ImportField,
  type ImportPreview,
  type Unit,
} from '../../shared/collection/contract.js';
import { APPOINTMENT_STATUSES, codedLabel, type AppointmentStatus } from '../../shared/collection/model.js';
import { can } from '../../shared/permissions.js';
import type { Role } from '../../shared/roles.js';
import { localTime } from '../../shared/time.js';
import { call } from '../app/api.js';
import { errorText } from '../app/i18n.js';
import { useCan, useMe } from '../app/me.js';
import { useAction, useMethod } from '../app/query.js';
import { AddressTree, NodePanel, ResidentDrawer } from './AddressPanel.js';
import { download, noticePrintPath, readAsBase64 } from './common.js';
import { UnitForm } from './forms.js';

/** Search as you type: people, addresses, housing and units in one box. */
const SearchBox = ({ onAddress, onPerson }: { onAddress: (id: string) => void; onPerson: (id: string) => void }) => {
  const { t } = useTranslation();
  const { me } = useMe();
  const [q, setQ] = useState('');
  const [debounced, setDebounced] = useState('');
  useEffect(() => {
    const timer = window.setTimeout(() => setDebounced(q.trim()), 150);
    return () => window.clearTimeout(timer);
  }, [q]);
  const hits = useMethod(collectionSearch, { q: debounced, limit: 20 }, { enabled: debounced !== '' });
  return (
    <Card size="small">
      <Input allowClear autoFocus prefix={<SearchOutlined />} value={q} onChange={(e) => setQ(e.target.value)} placeholder={t(can(me.role as Role, 'person.unmask') ? 'collection.search.placeholder' : 'collection.search.placeholderMasked')} data-testid="collection-search" maxLength={40} />
      {debounced !== '' && (
        <List
          size="small"
          data-testid="search-results"
          loading={hits.isFetching}
          locale={{ emptyText: hits.error ? errorText(t, hits.error) : t('collection.search.none') }}
          dataSource={hits.data ?? []}
          renderItem={(h) => (
            <List.Item
              style={{ cursor: 'pointer' }}
              data-testid={`search-hit-${h.type}`}
              onClick={() => (h.type === 'person' ? onPerson(h.id) : h.addressId && onAddress(h.addressId))}
            >
              <Space>
                <Tag>{t(`collection.search.types.${h.type}`)}</Tag>
                <span>{h.title}</span>
                <Typography.Text type="secondary" className="masked">
                  {h.subtitle}
                </Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
};

const CompletenessTab = ({ onAddress, onPerson }: { onAddress: (id: string) => void; onPerson: (id: string) => void }) => {
  const { t } = useTranslation();
  const c = useMethod(collectionCompleteness, { worklistLimit: 300 });
  if (c.isPending) return <Card loading />;
  if (c.error) return <Alert type="error" title={errorText(t, c.error)} />;
  const columns = [
    { key: 'label', title: t('collection.completeness.key'), render: (_: unknown, r: CompletenessRow) => r.label || t('collection.completeness.noGrid') },
    { key: 'rooms', title: t('collection.completeness.rooms'), dataIndex: 'rooms' },
    { key: 'collected', title: t('collection.completeness.roomsCollected'), dataIndex: 'roomsCollected' },
    { key: 'rate', title: t('collection.completeness.rate'), render: (_: unknown, r: CompletenessRow) => <Progress size="small" percent={r.rooms ? Math.round((100 * r.roomsCollected) / r.rooms) : 0} /> },
    { key: 'people', title: t('collection.completeness.people'), dataIndex: 'people' },
    { key: 'verified', title: t('collection.completeness.peopleVerified'), dataIndex: 'peopleVerified' },
    { key: 'faults', title: t('collection.completeness.faults'), dataIndex: 'faults' },
  ];
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="completeness">
      <Space wrap>
        {Object.entries(c.data.faultCounts).map(([f, n]) => (
          <Tag key={f} color={n ? 'red' : 'green'} data-testid={`fault-count-${f}`}>
            {t(`collection.faults.${f}`)}：{n}
          </Tag>
        ))}
      </Space>
      <Row gutter={12}>
        <Col span={12}>
          <Card size="small" title={t('collection.completeness.byGrid')}>
            <Table size="small" rowKey="key" pagination={false} columns={columns} dataSource={c.data.byGrid} />
          </Card>
        </Col>
        <Col span={12}>
          <Card size="small" title={t('collection.completeness.byBuilding')}>
            <Table size="small" rowKey="key" pagination={{ pageSize: 10 }} columns={columns} dataSource={c.data.byBuilding} />
          </Card>
        </Col>
      </Row>
      <Card size="small" title={t('collection.completeness.worklist')}>
        <Table
          size="small"
          rowKey={(f) => `${f.fault}-${f.id}`}
          dataSource={c.data.worklist}
          pagination={{ pageSize: 20 }}
          data-testid="worklist"
          columns={[
            { key: 'fault', title: t('collection.completeness.fault'), render: (_, f) => <Tag color="red">{t(`collection.faults.${f.fault}`)}</Tag> },
            { key: 'title', title: t('collection.completeness.record'), dataIndex: 'title' },
            { key: 'detail', title: '', render: (_, f) => f.detail.map((d) => t(`collection.fieldNames.${d}`)).join('、') },
            { key: 'address', title: t('collection.resident.address'), render: (_, f) => f.addressText ?? '—' },
            {
              key: 'open',
              title: '',
              render: (_, f) => (
                <Typography.Link onClick={() => (f.type === 'person' ? onPerson(f.id) : f.addressId && onAddress(f.addressId))}>{t('collection.completeness.open')}</Typography.Link>
              ),
            },
          ]}
        />
      </Card>
    </Space>
  );
};

const AppointmentsTab = ({ onAddress }: { onAddress: (id: string) => void }) => {
  const { t } = useTranslation();
  const { me } = useMe();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [date, setDate] = useState(dayjs());
  const list = useMethod(collectionAppointments, { date: date.format('YYYY-MM-DD') });
  const setStatus = useAction(collectionAppointmentSetStatus);
  return (
    <Card size="small" title={t('collection.appointments.title')} extra={<DatePicker value={date} onChange={(d) => d && setDate(d)} allowClear={false} />}>
      <Table
        size="small"
        rowKey="id"
        data-testid="appointments"
        dataSource={list.data ?? []}
        loading={list.isPending}
        locale={{ emptyText: t('collection.appointments.none') }}
        pagination={false}
        columns={[
          { key: 'window', title: t('collection.appointments.window'), render: (_, a) => `${localTime(a.startAt, me.timeZone)}–${localTime(a.endAt, me.timeZone)}` },
          { key: 'address', title: t('collection.appointments.address'), render: (_, a) => <Typography.Link onClick={() => onAddress(a.addressId)}>{a.addressText}</Typography.Link> },
          { key: 'people', title: t('collection.appointments.residents'), render: (_, a) => a.residentNames.join('、') },
          { key: 'collector', title: t('collection.appointments.collector'), render: (_, a) => a.collector.name },
          {
            key: 'status',
            title: t('collection.appointments.status'),
            render: (_, a) => (
              <Select<AppointmentStatus>
                size="small"
                value={a.status}
                style={{ width: 100 }}
                options={APPOINTMENT_STATUSES.map((s) => ({ value: s, label: t(`collection.appointmentStatuses.${s}`) }))}
                onChange={(status) => void setStatus.mutateAsync({ id: a.id, version: a.version, status }).catch((e: unknown) => message.error(errorText(t, e)))}
              />
            ),
          },
          {
            key: 'actions',
            title: '',
            render: (_, a) => (
              <Space>
                <Button size="small" icon={<PrinterOutlined />} onClick={() => navigate(noticePrintPath(a.id))}>
                  {t('collection.appointments.print')}
                </Button>
                <Button size="small" onClick={() => void navigator.clipboard?.writeText(a.messageText).then(() => message.success(t('collection.appointments.copied')))}>
                  {t('collection.appointments.copy')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
};

/** A grid worker's file: check (preview), choose conflicts, import in one go, download what was refused. */
const ImportTab = () => {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [file, setFile] = useState<{ fileName: string; data: string } | null>(null);
  const [source, setSource] = useState('');
  const [mapping, setMapping] = useState<Record<string, ImportField> | undefined>(undefined);
  const [take, setTake] = useState<number[]>([]);
  // each check and each import gets its own ticket: the core reports its progress and can stop it
  const [ticket, setTicket] = useState<string | null>(null);
  const input = file ? { ...file, source, mapping } : null;
  const preview = useMutation<ImportPreview, Error>({
    mutationFn: () => {
      const id = crypto.randomUUID();
      setTicket(id);
      return call(collectionImportPreview, { ...input!, ticket: id });
    },
  });
  const commit = useAction(collectionImportCommit);
  const running = preview.isPending || commit.isPending;
  const progress = useMethod(collectionImportProgress, { ticket: ticket ?? '' }, { enabled: running && ticket !== null, refetchInterval: 500 });
  const step = running ? progress.data : null;
  const rejects = useMutation({ mutationFn: () => call(collectionImportRejects, input!) });
  const p = preview.data;
  const ready = p && p.counts.new + p.counts.updated > 0;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="import">
      <Card size="small">
        <Space wrap>
          <Input placeholder={t('collection.import.source')} value={source} onChange={(e) => setSource(e.target.value)} maxLength={60} style={{ width: 240 }} data-testid="import-source" />
          <label className="ant-btn ant-btn-default" style={{ cursor: 'pointer' }}>
            <UploadOutlined /> {file?.fileName ?? t('collection.import.file')}
            <input
              type="file"
              hidden
              accept=".xlsx,.csv"
              data-testid="import-file"
              onChange={async (e) => {
                const f = e.target.files?.[0];
                // cleared, so choosing the same file again (corrected) is a change too
                e.target.value = '';
                if (!f) return;
                setFile({ fileName: f.name, data: await readAsBase64(f) });
                setMapping(undefined);
                preview.reset();
                commit.reset();
              }}
            />
          </label>
          <Button type="primary" disabled={!file || !source.trim()} loading={preview.isPending} onClick={() => preview.mutate()} data-testid="import-preview">
            {t('collection.import.preview')}
          </Button>
          <Typography.Text type="secondary">{t('collection.import.sourceHint')}</Typography.Text>
        </Space>
      </Card>
      {step && (
        <Card size="small" data-testid="import-progress">
          <Space>
            <Typography.Text>{t(`collection.import.phases.${step.phase}`)}</Typography.Text>
            <Progress style={{ width: 320 }} percent={step.total ? Math.floor((100 * step.done) / step.total) : 0} status="active" />
            <Button danger size="small" onClick={() => void call(collectionImportCancel, { ticket: ticket! })} data-testid="import-cancel">
              {t('collection.import.cancel')}
            </Button>
          </Space>
        </Card>
      )}
      {preview.error && <Alert type="error" showIcon title={errorText(t, preview.error)} data-testid="import-error" />}
      {p && (
        <Card size="small" title={`${t('collection.import.sheet')}：${p.sheet}`}>
          {p.mappingRemembered && <Alert type="info" title={t('collection.import.remembered')} style={{ marginBottom: 8 }} />}
          <Space wrap style={{ marginBottom: 8 }}>
            {p.headers.map((h) => (
              <Space key={h} size={2}>
                <Typography.Text>{h}→</Typography.Text>
                <Select<string>
                  size="small"
                  style={{ width: 120 }}
                  value={p.mapping[h] ?? ''}
                  options={[{ value: '', label: t('collection.import.ignore') }, ...IMPORT_FIELDS.map((f) => ({ value: f, label: codedLabel(f, i18n.language) ?? t(`collection.import.fields.${f}`) }))]}
                  onChange={(v) => {
                    const next = { ...p.mapping };
                    if (v) next[h] = v as ImportField;
                    else delete next[h];
                    setMapping(next);
                  }}
                />
              </Space>
            ))}
          </Space>
          <Alert type={p.counts.rejected ? 'warning' : 'success'} title={t('collection.import.counts', { rows: p.rows, ...p.counts })} data-testid="import-counts" />
          {p.newAddresses.count > 0 && (
            <Alert
              style={{ marginTop: 8 }}
              type="info"
              data-testid="import-new-addresses"
              title={t('collection.import.newAddresses', { count: p.newAddresses.count, rows: p.newAddresses.rows })}
              description={p.newAddresses.sample.join('、')}
            />
          )}
          {p.problems.length > 0 && (
            <Table
              size="small"
              style={{ marginTop: 8 }}
              title={() => t('collection.import.problems')}
              rowKey={(r) => `${r.row}-${r.column}-${r.key}`}
              dataSource={p.problems}
              pagination={{ pageSize: 10 }}
              data-testid="import-problems"
              columns={[
                { key: 'row', title: t('collection.import.row'), dataIndex: 'row', width: 70 },
                { key: 'column', title: t('collection.import.column'), dataIndex: 'column', width: 140 },
                { key: 'reason', title: t('collection.import.reason'), render: (_, r) => t(`errors.${r.key}`, { ...r.params, defaultValue: r.key }) },
              ]}
            />
          )}
          {p.conflicts.length > 0 && (
            <Table
              size="small"
              style={{ marginTop: 8 }}
              title={() => t('collection.import.conflicts')}
              rowKey="row"
              dataSource={p.conflicts}
              pagination={{ pageSize: 10 }}
              columns={[
                { key: 'take', title: '', width: 40, render: (_, c) => <Checkbox checked={take.includes(c.row)} onChange={(e) => setTake((x) => (e.target.checked ? [...x, c.row] : x.filter((r) => r !== c.row)))} /> },
                { key: 'row', title: t('collection.import.row'), dataIndex: 'row', width: 70 },
                { key: 'name', title: t('collection.resident.name'), dataIndex: 'name' },
                {
                  key: 'fields',
                  title: `${t('collection.import.current')} / ${t('collection.import.incoming')}`,
                  render: (_, c) => c.fields.map((f) => <div key={f.field}>{`${codedLabel(f.field, i18n.language) ?? t(`collection.import.fields.${f.field}`)}：${f.current ?? '—'} / ${f.incoming ?? '—'}`}</div>),
                },
              ]}
            />
          )}
          <Space style={{ marginTop: 8 }}>
            <Button
              type="primary"
              disabled={!ready || commit.isSuccess}
              loading={commit.isPending}
              data-testid="import-commit"
              onClick={() =>
                void (() => {
                  const id = crypto.randomUUID();
                  setTicket(id);
                  return commit.mutateAsync({ ...input!, takeIncoming: take, ticket: id });
                })()
                  .then((r) => message.success(t('collection.import.done', r.counts)))
                  .catch((e: unknown) => message.error(errorText(t, e)))
              }
            >
              {t('collection.import.commit', { n: p.counts.new + p.counts.updated })}
            </Button>
            {p.counts.rejected > 0 && (
              <Button icon={<DownloadOutlined />} loading={rejects.isPending} onClick={() => void rejects.mutateAsync().then(download)} data-testid="import-rejects">
                {t('collection.import.rejects')}
              </Button>
            )}
          </Space>
          {commit.isPending && (
            <Space style={{ marginTop: 8 }}>
              <Spin size="small" />
              <Typography.Text>{t('collection.import.committing')}</Typography.Text>
            </Space>
          )}
          {commit.error && <Alert style={{ marginTop: 8 }} type="error" showIcon title={errorText(t, commit.error)} data-testid="import-commit-error" />}
          {commit.data && (
            <Alert
              style={{ marginTop: 8 }}
              type="success"
              title={t('collection.import.done', commit.data.counts)}
              description={commit.data.addressesCreated > 0 ? t('collection.import.addressesCreated', { n: commit.data.addressesCreated }) : undefined}
              data-testid="import-done"
            />
          )}
        </Card>
      )}
    </Space>
  );
};

const UnitsTab = () => {
  const { t } = useTranslation();
  const units = useMethod(collectionUnits, {});
  const [editing, setEditing] = useState<Unit | 'new' | null>(null);
  return (
    <Card
      size="small"
      title={t('collection.tabs.units')}
      extra={
        <Space>
          <Button onClick={() => setEditing('new')} data-testid="unit-add">
            {t('collection.unit.add')}
          </Button>
          <Button icon={<DownloadOutlined />} onClick={() => void call(collectionExport, { list: 'units' }).then(download)}>
            {t('collection.import.export')}
          </Button>
        </Space>
      }
    >
      <Table<Unit>
        size="small"
        rowKey="id"
        dataSource={units.data ?? []}
        loading={units.isPending}
        locale={{ emptyText: <Empty description={t('collection.unit.empty')} image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
        columns={[
          { key: 'name', title: t('collection.unit.name'), render: (_, u) => <Typography.Link onClick={() => setEditing(u)}>{u.name}</Typography.Link> },
          { key: 'code', title: t('collection.unit.creditCode'), dataIndex: 'creditCode' },
          { key: 'cat', title: t('collection.unit.category'), render: (_, u) => t(`collection.unitCategories.${u.category}`) },
          { key: 'legal', title: t('collection.unit.legalRepresentative'), dataIndex: 'legalRepresentative' },
          { key: 'sec', title: t('collection.unit.securityOfficer'), render: (_, u) => u.securityOfficer ?? '—' },
          { key: 'addr', title: t('collection.unit.address'), render: (_, u) => u.addressText ?? '—' },
        ]}
      />
      {editing && <UnitForm unit={editing === 'new' ? null : editing} addressId={null} onClose={() => setEditing(null)} />}
    </Card>
  );
};

/** The collection zone: addresses with their people, housing and charts; search; quality; visits; imports; units. */
export const CollectionPage = () => {
  const { t } = useTranslation();
  const can = useCan();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'tree';
  const selected = params.get('node');
  const [person, setPerson] = useState<string | null>(null);
  const select = (id: string) => setParams({ tab: 'tree', node: id });
  if (!can(collectionTree)) return <Result status="403" title={t('errors.role')} />;
  return (
    <>
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams(selected ? { tab: key, node: selected } : { tab: key })}
        items={[
          {
            key: 'tree',
            label: t('collection.tabs.tree'),
            children: (
              <Row gutter={12}>
                <Col span={6}>
                  <AddressTree selected={selected} onSelect={select} />
                </Col>
                <Col span={18}>{selected ? <NodePanel key={selected} id={selected} onSelect={select} /> : <Empty description={t('collection.tree.select')} />}</Col>
              </Row>
            ),
          },
          { key: 'search', label: t('collection.tabs.search'), children: <SearchBox onAddress={select} onPerson={setPerson} /> },
          { key: 'completeness', label: t('collection.tabs.completeness'), children: <CompletenessTab onAddress={select} onPerson={setPerson} /> },
          { key: 'appointments', label: t('collection.tabs.appointments'), children: <AppointmentsTab onAddress={select} /> },
          { key: 'import', label: t('collection.tabs.import'), children: <ImportTab /> },
          { key: 'units', label: t('collection.tabs.units'), children: <UnitsTab /> },
        ]}
      />
      <ResidentDrawer id={person} onClose={() => setPerson(null)} />
    </>
  );
};
