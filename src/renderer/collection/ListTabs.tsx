import { DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, DatePicker, Empty, Progress, Row, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { collectionAppointmentSetStatus, collectionAppointments, collectionCompleteness, collectionExport, collectionUnits, type CompletenessRow, type Unit } from '../../shared/collection/contract.js';
import { APPOINTMENT_STATUSES, type AppointmentStatus } from '../../shared/collection/model.js';
import { localTime } from '../../shared/time.js';
import { call } from '../app/api.js';
import { errorText } from '../app/i18n.js';
import { useMe } from '../app/me.js';
import { useAction, useMethod } from '../app/query.js';
import { download, noticePrintPath } from './common.js';
import { UnitForm } from './HousingForms.js';
import type { Names } from '../app/resources.js';
import { listText } from '../app/messages.js';

export const CompletenessTab = ({ onAddress, onPerson }: { onAddress: (id: string) => void; onPerson: (id: string) => void }) => {
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
            {t('app.labelled', { label: t(`collection.faults.${f as Names<'collection.faults'>}`), value: n })}
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
            { key: 'fault', title: t('collection.completeness.fault'), render: (_, f) => <Tag color="red">{t(`collection.faults.${f.fault as Names<'collection.faults'>}`)}</Tag> },
            { key: 'title', title: t('collection.completeness.record'), dataIndex: 'title' },
            { key: 'detail', title: '', render: (_, f) => listText(t, f.detail.map((d) => t(`collection.fieldNames.${d as Names<'collection.fieldNames'>}`))) },
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

export const AppointmentsTab = ({ onAddress }: { onAddress: (id: string) => void }) => {
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
          { key: 'people', title: t('collection.appointments.residents'), render: (_, a) => listText(t, a.residentNames) },
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

export const UnitsTab = () => {
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
