import { Alert, Button, Card, Checkbox, DatePicker, Descriptions, Empty, Flex, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { ENTRY_TYPES, officeEntryAdd, officeEntryClose, officeShiftOpen, type DutyPerson, type LogEntry, type OfficeNow, type ShiftLog } from '../../shared/office/contract.js';
import { localDateTime, localTime } from '../../shared/time.js';
import { errorText } from '../app/i18n.js';
import { useMe } from '../app/me.js';
import { listText } from '../app/messages.js';
import { useAction } from '../app/query.js';
import { EntryText, useEntryParts } from './common.js';
import { useSubmit } from './useSubmit.js';
import type { Names } from '../app/resources.js';
import { displayShiftName } from '../../shared/roster/shiftNames.js';

const STATE_COLOR = { done: 'default', open: 'orange', closed: 'green' } as const;

const names = (t: TFunction, people: DutyPerson[]) => listText(t, people.map((p) => p.name));

// ───────────────────────────── the log ─────────────────────────────

export const LogTab = ({ now }: { now: OfficeNow }) => {
  if (!now.current) return <OpenShift now={now} />;
  return <ShiftLogView log={now.current} dutyStaff={now.dutyStaff} />;
};

const OpenShift = ({ now }: { now: OfficeNow }) => {
  const { t, i18n } = useTranslation();
  const { me } = useMe();
  const open = useAction(officeShiftOpen);
  const [form] = Form.useForm<{ name: string; span: [Dayjs, Dayjs]; staffIds: string[] }>();
  const submit = useSubmit();
  const [error, setError] = useState<unknown>(null);
  const tz = me.timeZone;
  // the station's usual shift of this moment, to change if this one runs otherwise
  const usual = now.usualShift;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="office-no-shift">
      <Typography.Text type="secondary">{t('office.shift.none')}</Typography.Text>
      {error ? <Alert type="error" showIcon title={errorText(t, error)} /> : null}
      {now.roster ? (
        <Flex gap={12} align="center" wrap>
          <Typography.Text data-testid="office-roster-now">
            {t('office.shift.rosterNow', { name: displayShiftName(now.roster.name, i18n.language), from: localTime(now.roster.startsAt, tz), to: localTime(now.roster.endsAt, tz), people: names(t, now.roster.people) })}
          </Typography.Text>
          <Button type="primary" loading={open.isPending} data-testid="office-open-roster" onClick={() => open.mutate({ source: 'roster' }, { onError: setError })}>
            {t('office.shift.openFromRoster')}
          </Button>
        </Flex>
      ) : (
        <>
          <Alert type="info" showIcon title={t('office.shift.noRoster')} />
          <Form
            form={form}
            layout="inline"
            data-testid="office-open-manual"
            onFinish={(v) =>
              void submit(form, () =>
                open.mutateAsync({ source: 'manual', name: v.name, startsAt: v.span?.[0]?.toISOString() ?? '', endsAt: v.span?.[1]?.toISOString() ?? '', staffIds: v.staffIds ?? [] }),
                { startsAt: 'span', endsAt: 'span' },
              ).then(setError)
            }
          >
            <Form.Item name="name" label={t('office.shift.name')} initialValue={usual ? displayShiftName(usual.name, i18n.language) : t('office.shift.openManual')}>
              <Input style={{ width: 140 }} />
            </Form.Item>
            <Form.Item name="span" label={`${t('office.shift.startsAt')} / ${t('office.shift.endsAt')}`} initialValue={usual ? [dayjs(usual.startsAt), dayjs(usual.endsAt)] : undefined}>
              <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
            </Form.Item>
            <Form.Item name="staffIds" label={t('office.shift.people')}>
              <Select mode="multiple" data-testid="office-open-people" style={{ minWidth: 220 }} options={now.dutyStaff.map((p) => ({ value: p.staffId, label: t('app.aside', { text: p.name, aside: t(`office.roles.${p.role}`) }) }))} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={open.isPending} data-testid="office-open-manual-submit">
              {t('office.shift.open')}
            </Button>
          </Form>
        </>
      )}
    </Space>
  );
};

export const ShiftHeader = ({ log }: { log: ShiftLog }) => {
  const { t, i18n } = useTranslation();
  const { me } = useMe();
  const s = log.shift;
  return (
    <Descriptions size="small" column={2} bordered data-testid="office-shift" data-shift-id={s.id}>
      <Descriptions.Item label={t('office.handover.shift')}>
        {t('office.shift.span', { date: s.dutyDate, name: displayShiftName(s.name, i18n.language), from: localDateTime(s.startsAt, me.timeZone), to: localDateTime(s.endsAt, me.timeZone) })}
      </Descriptions.Item>
      <Descriptions.Item label={t('office.shift.people')}>
        <span data-testid="office-shift-people">{names(t, s.people)}</span>
        <Typography.Text type="secondary"> · {t('office.shift.openedBy', { name: s.openedBy })}</Typography.Text>
      </Descriptions.Item>
    </Descriptions>
  );
};

const ShiftLogView = ({ log, dutyStaff }: { log: ShiftLog; dutyStaff: DutyPerson[] }) => {
  const { t } = useTranslation();
  const [closing, setClosing] = useState<LogEntry | null>(null);
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size={12}>
      <ShiftHeader log={log} />
      {log.openIncidents > 0 && <Alert type="warning" showIcon title={t('office.entry.openIncidents', { count: log.openIncidents })} data-testid="office-open-incidents" />}
      <EntryForm shiftId={log.shift.id} dutyStaff={dutyStaff} />
      {log.carried.length > 0 && (
        <Card size="small" title={t('office.entry.carried')} data-testid="office-carried">
          <EntryTable entries={log.carried} onClose={setClosing} />
        </Card>
      )}
      {log.entries.length === 0 ? <Empty description={t('office.entry.none')} /> : <EntryTable entries={log.entries} onClose={setClosing} testId="office-entries" />}
      <CloseEntryModal entry={closing} onDone={() => setClosing(null)} />
    </Space>
  );
};

const EntryTable = ({ entries, onClose, testId }: { entries: LogEntry[]; onClose: (e: LogEntry) => void; testId?: string }) => {
  const { t } = useTranslation();
  const { me } = useMe();
  const parts = useEntryParts();
  return (
    <Table<LogEntry>
      size="small"
      rowKey="id"
      pagination={false}
      dataSource={entries}
      data-testid={testId}
      onRow={(e) => ({ 'data-testid': `office-entry-${e.type}`, 'data-state': e.state }) as React.HTMLAttributes<HTMLTableRowElement>}
      columns={[
        { title: t('office.entry.at'), dataIndex: 'at', width: 70, render: (at: string) => localTime(at, me.timeZone) },
        { title: t('office.entry.type'), dataIndex: 'type', width: 100, render: (type: string, e) => <Tag color={e.auto ? 'blue' : undefined}>{t(`office.types.${type as Names<'office.types'>}`)}</Tag> },
        { title: t('office.entry.people'), key: 'people', width: 120, render: (_, e) => parts(e).people },
        { title: t('office.entry.place'), dataIndex: 'place', width: 120 },
        { title: t('office.entry.action'), key: 'action', render: (_, e) => <EntryText entry={e} /> },
        { title: t('office.entry.result'), key: 'result', render: (_, e) => parts(e).result },
        { title: t('office.entry.owner'), key: 'owner', width: 90, render: (_, e) => e.followUpOwner?.name },
        {
          title: t('office.entry.state'),
          key: 'state',
          width: 150,
          render: (_, e) => (
            <Space size={4}>
              <Tag color={STATE_COLOR[e.state]}>{t(`office.states.${e.state}`)}</Tag>
              {e.state === 'open' && (
                <Button size="small" onClick={() => onClose(e)} data-testid="office-entry-close">
                  {t('office.entry.close')}
                </Button>
              )}
            </Space>
          ),
        },
      ]}
    />
  );
};

const EntryForm = ({ shiftId, dutyStaff }: { shiftId: string; dutyStaff: DutyPerson[] }) => {
  const { t } = useTranslation();
  const add = useAction(officeEntryAdd);
  const [form] = Form.useForm();
  const submit = useSubmit();
  const [error, setError] = useState<unknown>(null);
  return (
    <Card size="small" title={t('office.entry.add')}>
      {error ? <Alert type="error" showIcon title={errorText(t, error)} style={{ marginBottom: 8 }} /> : null}
      <Form
        form={form}
        layout="vertical"
        data-testid="office-entry-form"
        initialValues={{ type: 'reception', followUp: false }}
        onFinish={(v: { type: string; at?: Dayjs; people?: string; place?: string; action?: string; result?: string; followUpOwnerId?: string; followUp: boolean }) =>
          void submit(form, async () => {
            await add.mutateAsync({
              shiftId,
              type: v.type as LogEntry['type'],
              ...(v.at ? { at: v.at.toISOString() } : {}),
              people: v.people ?? null,
              place: v.place ?? null,
              action: v.action ?? null,
              result: v.result ?? null,
              followUpOwnerId: v.followUpOwnerId ?? null,
              followUp: v.followUp,
            });
            form.resetFields();
            form.focusField('type');
          }).then(setError)
        }
      >
        <Flex gap={8} wrap>
          <Form.Item name="type" label={t('office.entry.type')} style={{ width: 140 }}>
            <Select data-testid="office-entry-type" options={ENTRY_TYPES.map((v) => ({ value: v, label: t(`office.types.${v}`) }))} />
          </Form.Item>
          <Form.Item name="at" label={t('office.entry.at')}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="MM-DD HH:mm" />
          </Form.Item>
          <Form.Item name="people" label={t('office.entry.people')} style={{ width: 160 }}>
            <Input data-testid="office-entry-people" />
          </Form.Item>
          <Form.Item name="place" label={t('office.entry.place')} style={{ width: 160 }}>
            <Input data-testid="office-entry-place" />
          </Form.Item>
          <Form.Item name="followUpOwnerId" label={t('office.entry.owner')} style={{ width: 140 }}>
            <Select allowClear options={dutyStaff.map((p) => ({ value: p.staffId, label: p.name }))} />
          </Form.Item>
        </Flex>
        <Flex gap={8} wrap>
          <Form.Item name="action" label={t('office.entry.action')} style={{ flex: '1 1 300px' }}>
            <Input data-testid="office-entry-action" />
          </Form.Item>
          <Form.Item name="result" label={t('office.entry.result')} style={{ flex: '1 1 300px' }}>
            <Input data-testid="office-entry-result" />
          </Form.Item>
        </Flex>
        <Flex gap={16} align="center">
          <Form.Item name="followUp" valuePropName="checked" noStyle>
            <Checkbox data-testid="office-entry-followup">{t('office.entry.followUp')}</Checkbox>
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={add.isPending} data-testid="office-entry-save">
            {t('office.entry.save')}
          </Button>
        </Flex>
      </Form>
    </Card>
  );
};

const CloseEntryModal = ({ entry, onDone }: { entry: LogEntry | null; onDone: () => void }) => {
  const { t } = useTranslation();
  const close = useAction(officeEntryClose);
  const [form] = Form.useForm<{ note: string }>();
  const submit = useSubmit();
  const [error, setError] = useState<unknown>(null);
  return (
    <Modal
      open={entry !== null}
      title={t('office.entry.close')}
      onCancel={onDone}
      okText={t('office.entry.close')}
      confirmLoading={close.isPending}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      {error ? <Alert type="error" showIcon title={errorText(t, error)} /> : null}
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) =>
          entry &&
          void submit(form, async () => {
            await close.mutateAsync({ id: entry.id, version: entry.version, note: v.note ?? '' });
            onDone();
          }).then(setError)
        }
      >
        <Form.Item name="note" label={t('office.entry.closeNote')}>
          <Input.TextArea autoFocus rows={2} data-testid="office-close-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
};
