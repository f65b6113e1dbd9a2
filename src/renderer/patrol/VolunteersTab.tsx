import { PlusOutlined, PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, DatePicker, Descriptions, Drawer, Flex, Form, Input, InputNumber, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { patrolPointsAward, patrolPointsCorrect, patrolVolunteerGet, patrolVolunteerSave, patrolVolunteers, type LedgerEntry, type VolunteerLine } from '../../shared/patrol/contract.js';
import { localDate, localDateTime } from '../../shared/time.js';
import { errorText } from '../app/i18n.js';
import { useCan, useMe } from '../app/me.js';
import { ReasonModal } from '../app/CancelWithReason.js';
import { ModalForm } from '../app/ModalForm.js';
import { useAction, useMethod } from '../app/query.js';
import type { Names } from '../app/resources.js';
import type { TFunction } from 'i18next';

// ───────────────────────────── volunteers ─────────────────────────────

export const VolunteersTab = () => {
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
  return parts.join(t('app.clauseSeparator'));
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
      {correcting && (
        <ReasonModal
          title={t('patrol.volunteer.correctTitle')}
          testId="patrol-correct-form"
          reasonLabel={t('patrol.volunteer.reason')}
          okText={t('patrol.volunteer.correct')}
          hint={t('patrol.volunteer.correctHint')}
          onConfirm={(reason) => correct.mutateAsync({ entryId: correcting.id, reason })}
          onClose={() => setCorrecting(null)}
        />
      )}
    </Drawer>
  );
};
