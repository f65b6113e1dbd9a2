/** A patrol under way: its checkpoints reached (now, or at a time told afterwards), its findings, and its end. */
import { App, Button, type ButtonProps, Card, DatePicker, Descriptions, Flex, Form, Input, Select, Space, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { patrolCheckpoint, patrolEnd, patrolFindingAdd, type PatrolCheckpoint, type PatrolView } from '../../shared/patrol/contract.js';
import { localDateTime, localTime } from '../../shared/time.js';
import { useMe } from '../app/me.js';
import { listText } from '../app/messages.js';
import { ModalForm } from '../app/ModalForm.js';
import { useAction } from '../app/query.js';
import { FindingsList } from './Findings.js';
import { ErrorLine, useSubmit } from './formParts.js';

/** Who is out on a patrol, a volunteer with their card's number, in the reader's language. */
export const peopleOf = (t: TFunction, p: PatrolView) =>
  listText(t, [...p.staff.map((s) => s.name), ...p.volunteers.map((v) => t('app.aside', { text: v.name, aside: v.cardNo })), ...p.guards]);

/** A picked time as an instant; an empty picker is "now", which the core stamps. */
const instantOf = (v: Dayjs | null | undefined) => (v ? v.startOf('minute').toISOString() : undefined);

export const UnderwayCard = ({ patrol: p }: { patrol: PatrolView }) => {
  const { t } = useTranslation();
  const { me } = useMe();
  const { modal } = App.useApp();
  const tz = me.timeZone;
  const checkpoint = useAction(patrolCheckpoint);
  const end = useAction(patrolEnd);
  const finding = useAction(patrolFindingAdd);
  const [error, setError] = useState<unknown>(null);
  const [timing, setTiming] = useState<PatrolCheckpoint | null>(null);
  const [findingForm] = Form.useForm();
  const [endForm] = Form.useForm<{ endedAt?: Dayjs | null }>();
  const submit = useSubmit();
  const run = (fn: () => Promise<unknown>) => {
    setError(null);
    fn().catch(setError);
  };
  const finish = (endedAt: Dayjs | null | undefined) =>
    void submit(endForm, () => end.mutateAsync({ id: p.id, version: p.version, endedAt: instantOf(endedAt) })).then(setError);
  // a checkpoint skipped is said by name before the patrol ends: it may only not have been recorded yet
  const askEnd = (v: { endedAt?: Dayjs | null }) => {
    const skipped = p.checkpoints.filter((c) => !c.at);
    if (skipped.length === 0) return finish(v.endedAt);
    modal.confirm({
      title: t('patrol.end.confirmTitle'),
      content: <span data-testid="patrol-end-skipped">{t('patrol.end.skipped', { count: skipped.length, places: listText(t, skipped.map((c) => c.place)) })}</span>,
      okText: t('patrol.end.anyway'),
      okButtonProps: { danger: true, 'data-testid': 'patrol-end-confirm' } as ButtonProps,
      cancelText: t('patrol.end.back'),
      onOk: () => finish(v.endedAt),
    });
  };
  return (
    <Card size="small" data-testid="patrol-underway" title={`${p.routeName} · ${t('patrol.patrol.since', { from: localDateTime(p.startedAt, tz) })}`}>
      <ErrorLine error={error} />
      <Descriptions size="small" column={2} bordered>
        <Descriptions.Item label={t('patrol.patrol.people')}>
          <span data-testid="patrol-people">{peopleOf(t, p)}</span>
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
            <Button size="small" type="link" data-testid="patrol-checkpoint-time" onClick={() => setTiming(c)}>
              {c.at ? t('patrol.checkpoint.change') : t('patrol.checkpoint.tell')}
            </Button>
          </Space>
        ))}
      </Flex>
      <Form
        form={findingForm}
        layout="inline"
        data-testid="patrol-finding-form"
        onFinish={(v: { place?: string; text?: string }) =>
          void submit(findingForm, async () => {
            const cp = p.checkpoints.find((c) => c.key === v.place);
            await finding.mutateAsync({ patrolId: p.id, text: v.text ?? '', ...(cp ? { checkpointKey: cp.key } : { place: v.place ?? null }) });
            findingForm.resetFields();
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
      <Form form={endForm} layout="inline" style={{ marginTop: 8 }} data-testid="patrol-end-form" onFinish={askEnd}>
        <Form.Item name="endedAt" label={t('patrol.end.at')}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" placeholder={t('patrol.end.now')} data-testid="patrol-end-at" />
        </Form.Item>
        <Button type="primary" danger htmlType="submit" loading={end.isPending} data-testid="patrol-end">
          {t('patrol.patrol.end')}
        </Button>
      </Form>
      {timing && <CheckpointTimeForm patrol={p} checkpoint={timing} onClose={() => setTiming(null)} />}
    </Card>
  );
};

/** The time a checkpoint was reached, told afterwards to the minute: from the start, not ahead of now. */
const CheckpointTimeForm = ({ patrol: p, checkpoint: c, onClose }: { patrol: PatrolView; checkpoint: PatrolCheckpoint; onClose: () => void }) => {
  const { t } = useTranslation();
  const record = useAction(patrolCheckpoint);
  const [form] = Form.useForm<{ at?: Dayjs | null }>();
  return (
    <ModalForm<{ at?: Dayjs | null }>
      open
      form={form}
      title={t('patrol.checkpoint.title', { place: c.place })}
      testId="patrol-checkpoint-form"
      width={380}
      initialValues={{ at: dayjs(c.at ?? undefined).startOf('minute') }}
      onCancel={onClose}
      onSubmit={async (v) => {
        await record.mutateAsync({ id: p.id, version: p.version, key: c.key, at: instantOf(v.at) ?? '' });
        onClose();
      }}
    >
      <Form.Item name="at" label={t('patrol.checkpoint.at')}>
        <DatePicker autoFocus showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} data-testid="patrol-checkpoint-at" />
      </Form.Item>
    </ModalForm>
  );
};
