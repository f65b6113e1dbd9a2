import { Alert, Button, Card, DatePicker, Descriptions, Drawer, Empty, Flex, Form, Select, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { patrolBoard, patrolGet, patrolStart, type PatrolBoard, type PatrolLine } from '../../shared/patrol/contract.js';
import { localDateTime, localTime } from '../../shared/time.js';
import { errorText } from '../app/i18n.js';
import { useMe } from '../app/me.js';
import { listText } from '../app/messages.js';
import { useAction, useMethod } from '../app/query.js';
import { FindingsList } from './Findings.js';
import { ErrorLine, useSubmit } from './formParts.js';
import { peopleOf, UnderwayCard } from './UnderwayCard.js';

const STATUS_COLOR = { underway: 'processing', ended: 'default', cancelled: 'red' } as const;

// ───────────────────────────── patrols ─────────────────────────────

export const PatrolsTab = () => {
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
  const bikeLabel = (b: PatrolBoard['bicycles'][number]) => {
    const name = [b.name, b.code].filter(Boolean).join(' ');
    if (b.outOn) return t('app.aside', { text: name, aside: t('patrol.start.out') });
    return b.state !== 'present' ? t('app.aside', { text: name, aside: t(`office.equipmentStates.${b.state}`) }) : name;
  };
  return (
    <Card size="small" title={t('patrol.start.title')}>
      <ErrorLine error={error} />
      <Form
        form={form}
        layout="vertical"
        data-testid="patrol-start-form"
        initialValues={{ staffIds: board.staff.some((s) => s.staffId === me.staffId) ? [me.staffId] : [], volunteerIds: [], guards: [], bicycleId: '' }}
        onFinish={(v: { routeId?: string; startedAt?: Dayjs | null; staffIds: string[]; volunteerIds: string[]; guards: string[]; bicycleId: string }) =>
          void submit(form, async () => {
            await start.mutateAsync({
              routeId: v.routeId ?? '',
              // a patrol written up after it returned says when it set off; empty is now
              ...(v.startedAt ? { startedAt: v.startedAt.startOf('minute').toISOString() } : {}),
              staffIds: v.staffIds,
              volunteerIds: v.volunteerIds,
              guards: v.guards,
              bicycleId: v.bicycleId || null,
            });
            form.resetFields();
          }).then(setError)
        }
      >
        <Flex gap={8} wrap>
          <Form.Item name="routeId" label={t('patrol.start.route')} style={{ width: 200 }}>
            <Select data-testid="patrol-start-route" options={board.routes.map((r) => ({ value: r.id, label: r.name }))} />
          </Form.Item>
          <Form.Item name="staffIds" label={t('patrol.start.staff')} style={{ minWidth: 220 }}>
            <Select mode="multiple" data-testid="patrol-start-staff" options={board.staff.map((s) => ({ value: s.staffId, label: t('app.aside', { text: s.name, aside: t(`patrol.roles.${s.role}`) }) }))} />
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
          <Form.Item name="startedAt" label={t('patrol.start.startedAt')} style={{ width: 200 }}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" placeholder={t('patrol.start.now')} style={{ width: '100%' }} data-testid="patrol-start-at" />
          </Form.Item>
        </Flex>
        <Button type="primary" htmlType="submit" loading={start.isPending} data-testid="patrol-start-submit">
          {t('patrol.start.submit')}
        </Button>
      </Form>
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
          { title: t('patrol.patrol.people'), key: 'people', render: (_, l) => listText(t, l.people) },
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
            <Descriptions.Item label={t('patrol.patrol.people')}>{peopleOf(t, p)}</Descriptions.Item>
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
