import { PrinterOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, DatePicker, Descriptions, Empty, Flex, Form, Input, Modal, Segmented, Select, Space, Table, Tabs, Tag, Typography, type FormInstance } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { AppError } from '../../shared/errors.js';
import {
  ENTRY_TYPES,
  EQUIPMENT_KINDS,
  EQUIPMENT_STATES,
  officeEntryAdd,
  officeEntryClose,
  officeEquipmentList,
  officeEquipmentRetire,
  officeEquipmentSave,
  officeHandoverSave,
  officeHandoverSign,
  officeNow,
  officeShiftGet,
  officeShiftOpen,
  type DutyPerson,
  type EquipmentItem,
  type EquipmentState,
  type HandoverView,
  type LogEntry,
  type OfficeNow,
  type ShiftLog,
} from '../../shared/office/contract.js';
import { localDateTime, localTime } from '../../shared/time.js';
import { clearFieldErrors, focusFirstError, markFieldErrors } from '../app/formErrors.js';
import { errorText } from '../app/i18n.js';
import { useCan, useMe } from '../app/me.js';
import { useAction, useMethod } from '../app/query.js';
import { EntryText } from './common.js';
import type { Names } from '../app/resources.js';

const STATE_COLOR = { done: 'default', open: 'orange', closed: 'green' } as const;
const EQUIPMENT_COLOR = { present: 'green', damaged: 'orange', lost: 'red' } as const;

const names = (people: DutyPerson[]) => people.map((p) => p.name).join('、');

/**
 * Submits a form's values to the core. Errors on fields the form shows are marked there (`alias`
 * names the form field a core field is typed in); any other error is returned, to show above.
 */
const useSubmit = () => {
  const { t } = useTranslation();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any form's values
  return async (form: FormInstance<any>, run: () => Promise<unknown>, alias: Record<string, string> = {}): Promise<unknown> => {
    clearFieldErrors(form);
    try {
      await run();
      return null;
    } catch (e) {
      if (!(e instanceof AppError) || !e.fields?.length) return e;
      const shown = new Set(form.getFieldsError().map((f) => f.name.join('.')));
      const fields = e.fields.map((f) => ({ ...f, field: alias[f.field] ?? f.field }));
      const onForm = new AppError({ ...e.toJSON(), field: fields[0].field, fields: fields.filter((f) => shown.has(f.field)) });
      if (onForm.fields!.length > 0) {
        markFieldErrors(form, t, onForm);
        focusFirstError(form, onForm);
      }
      return fields.every((f) => shown.has(f.field)) ? null : e;
    }
  };
};

/** The office zone: the duty log of the shift on duty, its handover, and the station's equipment. */
export const OfficePage = () => {
  const { t } = useTranslation();
  const now = useMethod(officeNow, {}, { refetchInterval: 15_000 });
  return (
    <Card title={t('office.title')} size="small">
      {now.error && <Alert type="error" showIcon title={errorText(t, now.error)} />}
      <Tabs
        items={[
          { key: 'log', label: t('office.tabs.log'), children: now.data ? <LogTab now={now.data} /> : null },
          { key: 'handover', label: t('office.tabs.handover'), children: now.data ? <HandoverTab now={now.data} /> : null },
          { key: 'equipment', label: t('office.tabs.equipment'), children: <EquipmentTab /> },
        ]}
      />
    </Card>
  );
};

// ───────────────────────────── the log ─────────────────────────────

const LogTab = ({ now }: { now: OfficeNow }) => {
  if (!now.current) return <OpenShift now={now} />;
  return <ShiftLogView log={now.current} dutyStaff={now.dutyStaff} />;
};

const OpenShift = ({ now }: { now: OfficeNow }) => {
  const { t } = useTranslation();
  const { me } = useMe();
  const open = useAction(officeShiftOpen);
  const [form] = Form.useForm<{ name: string; span: [Dayjs, Dayjs]; staffIds: string[] }>();
  const submit = useSubmit();
  const [error, setError] = useState<unknown>(null);
  const tz = me.timeZone;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="office-no-shift">
      <Typography.Text type="secondary">{t('office.shift.none')}</Typography.Text>
      {error ? <Alert type="error" showIcon title={errorText(t, error)} /> : null}
      {now.roster ? (
        <Flex gap={12} align="center" wrap>
          <Typography.Text data-testid="office-roster-now">
            {t('office.shift.rosterNow', { name: now.roster.name, from: localTime(now.roster.startsAt, tz), to: localTime(now.roster.endsAt, tz), people: names(now.roster.people) })}
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
            <Form.Item name="name" label={t('office.shift.name')} initialValue={t('office.shift.openManual')}>
              <Input style={{ width: 140 }} />
            </Form.Item>
            <Form.Item name="span" label={`${t('office.shift.startsAt')} / ${t('office.shift.endsAt')}`}>
              <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
            </Form.Item>
            <Form.Item name="staffIds" label={t('office.shift.people')}>
              <Select mode="multiple" style={{ minWidth: 220 }} options={now.dutyStaff.map((p) => ({ value: p.staffId, label: `${p.name}（${t(`office.roles.${p.role}`)}）` }))} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={open.isPending}>
              {t('office.shift.open')}
            </Button>
          </Form>
        </>
      )}
    </Space>
  );
};

const ShiftHeader = ({ log }: { log: ShiftLog }) => {
  const { t } = useTranslation();
  const { me } = useMe();
  const s = log.shift;
  return (
    <Descriptions size="small" column={2} bordered data-testid="office-shift" data-shift-id={s.id}>
      <Descriptions.Item label={t('office.handover.shift')}>
        {t('office.shift.span', { date: s.dutyDate, name: s.name, from: localDateTime(s.startsAt, me.timeZone), to: localDateTime(s.endsAt, me.timeZone) })}
      </Descriptions.Item>
      <Descriptions.Item label={t('office.shift.people')}>
        <span data-testid="office-shift-people">{names(s.people)}</span>
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
        { title: t('office.entry.people'), dataIndex: 'people', width: 120 },
        { title: t('office.entry.place'), dataIndex: 'place', width: 120 },
        { title: t('office.entry.action'), key: 'action', render: (_, e) => <EntryText entry={e} /> },
        { title: t('office.entry.result'), dataIndex: 'result' },
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

// ───────────────────────────── handover ─────────────────────────────

interface HandoverForm {
  giverId: string;
  receiverId: string;
  summary?: string;
  instructions?: string;
  checklist: { itemId: string; state: EquipmentState; note?: string }[];
}

const HandoverTab = ({ now }: { now: OfficeNow }) => {
  const { t } = useTranslation();
  const { me } = useMe();
  // a handover just received stays on screen (to print it) though its shift is no longer on duty
  const [done, setDone] = useState<HandoverView | null>(null);
  // the oldest shift not handed over hands over first (the next one may already have opened its log)
  const [chosen, setChosen] = useState<string | null>(null);
  const shiftId = now.openShifts.some((s) => s.id === chosen) ? chosen : (now.openShifts[0]?.id ?? null);
  const log = useMethod(officeShiftGet, { id: shiftId ?? '' }, { enabled: shiftId !== null && !done });
  if (done) return <Signatures handover={done} onChange={setDone} />;
  if (!shiftId) return <Empty description={t('office.handover.noShift')} />;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {now.openShifts.length > 1 && (
        <Segmented
          data-testid="office-handover-shift"
          value={shiftId}
          onChange={(v) => setChosen(String(v))}
          options={now.openShifts.map((s) => ({ value: s.id, label: `${localDateTime(s.startsAt, me.timeZone)} ${s.name}` }))}
        />
      )}
      {log.error && <Alert type="error" showIcon title={errorText(t, log.error)} />}
      {log.data && <HandoverEditor key={log.data.shift.id} now={now} log={log.data} onReceived={setDone} />}
    </Space>
  );
};

const HandoverEditor = ({ now, log, onReceived }: { now: OfficeNow; log: ShiftLog; onReceived: (h: HandoverView) => void }) => {
  const { t } = useTranslation();
  const { me } = useMe();
  const equipment = useMethod(officeEquipmentList, {});
  const save = useAction(officeHandoverSave);
  const [form] = Form.useForm<HandoverForm>();
  const submit = useSubmit();
  const [error, setError] = useState<unknown>(null);
  const handover = log.handover;
  const items = equipment.data ?? [];
  const open = [...log.carried, ...log.entries.filter((e) => e.state === 'open')];
  const editable = !handover || handover.status === 'draft';
  const receivers = [...now.next, ...now.dutyStaff.filter((p) => !now.next.some((n) => n.staffId === p.staffId))];

  if (equipment.isPending) return null;
  const initial: HandoverForm = handover
    ? { ...handover, giverId: handover.giver.id, receiverId: handover.receiver.id, summary: handover.summary ?? '', instructions: handover.instructions ?? '', checklist: items.map((i) => ({ itemId: i.id, state: handover.checklist.find((l) => l.itemId === i.id)?.state ?? i.state, note: handover.checklist.find((l) => l.itemId === i.id)?.note ?? '' })) }
    : {
        giverId: log.shift.people.find((p) => p.staffId === me.staffId)?.staffId ?? log.shift.people[0]?.staffId,
        receiverId: now.next[0]?.staffId,
        checklist: items.map((i) => ({ itemId: i.id, state: i.state, note: i.stateNote ?? '' })),
      };

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size={12} data-testid="office-handover">
      <ShiftHeader log={log} />
      {log.openIncidents > 0 && <Alert type="warning" showIcon title={t('office.entry.openIncidents', { count: log.openIncidents })} />}
      {error ? <Alert type="error" showIcon title={errorText(t, error)} data-testid="office-handover-error" /> : null}
      <Card size="small" title={t('office.handover.openItems')}>
        {open.length === 0 ? (
          <Typography.Text type="secondary">{t('office.handover.noOpenItems')}</Typography.Text>
        ) : (
          <ul style={{ margin: 0 }} data-testid="office-open-items">
            {open.map((e) => (
              <li key={e.id}>
                {localDateTime(e.at, me.timeZone)} {t(`office.types.${e.type}`)} · {[e.people, e.place, e.action, e.result].filter(Boolean).join(' · ')}
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Form
        form={form}
        layout="vertical"
        initialValues={initial}
        disabled={!editable}
        onFinish={(v) =>
          void submit(form, () =>
            save.mutateAsync({
              shiftId: log.shift.id,
              ...(handover ? { version: handover.version } : {}),
              giverId: v.giverId,
              receiverId: v.receiverId,
              summary: v.summary ?? null,
              instructions: v.instructions ?? null,
              checklist: (v.checklist ?? []).map((l) => ({ itemId: l.itemId, state: l.state, note: l.note ?? null })),
            }),
          ).then(setError)
        }
      >
        <Flex gap={16} wrap>
          <Form.Item name="giverId" label={t('office.handover.giver')} style={{ width: 200 }}>
            <Select data-testid="office-giver" options={log.shift.people.map((p) => ({ value: p.staffId, label: p.name }))} />
          </Form.Item>
          <Form.Item name="receiverId" label={t('office.handover.receiver')} style={{ width: 200 }}>
            <Select data-testid="office-receiver" options={receivers.map((p) => ({ value: p.staffId, label: `${p.name}（${t(`office.roles.${p.role}`)}）` }))} />
          </Form.Item>
        </Flex>
        <Form.Item name="summary" label={t('office.handover.summary')}>
          <Input.TextArea rows={2} data-testid="office-summary" />
        </Form.Item>
        <Form.Item name="instructions" label={t('office.handover.instructions')}>
          <Input.TextArea rows={2} data-testid="office-instructions" />
        </Form.Item>
        <Typography.Title level={5}>{t('office.handover.checklist')}</Typography.Title>
        {items.length === 0 && <Typography.Text type="secondary">{t('office.handover.noEquipment')}</Typography.Text>}
        <Form.List name="checklist">
          {(fields) =>
            fields.map((field, i) => (
              <Flex key={field.key} gap={8} align="baseline" data-testid={`office-check-${i}`}>
                <Form.Item name={[field.name, 'itemId']} hidden>
                  <Input />
                </Form.Item>
                <span style={{ width: 220 }}>
                  {t(`office.kinds.${items[i]?.kind ?? 'other'}`)} · {items[i]?.name} {items[i]?.code}
                </span>
                <Form.Item name={[field.name, 'state']} style={{ width: 120 }}>
                  <Select options={EQUIPMENT_STATES.map((s) => ({ value: s, label: t(`office.equipmentStates.${s}`) }))} />
                </Form.Item>
                <Form.Item name={[field.name, 'note']} style={{ flex: 1 }}>
                  <Input placeholder={t('office.handover.note')} />
                </Form.Item>
              </Flex>
            ))
          }
        </Form.List>
        {editable && (
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="office-handover-save">
            {t('office.handover.save')}
          </Button>
        )}
      </Form>
      {handover && <Signatures handover={handover} onChange={(h) => h.status === 'received' && onReceived(h)} />}
    </Space>
  );
};

/** The two signatures: each side types their own password at this desk. */
const Signatures = ({ handover, onChange }: { handover: HandoverView; onChange: (h: HandoverView) => void }) => {
  const { t } = useTranslation();
  const { me } = useMe();
  const navigate = useNavigate();
  const at = (iso: string | null) => (iso ? localDateTime(iso, me.timeZone) : '');
  return (
    <Card
      size="small"
      title={
        <Space>
          {t('office.handover.signatures')}
          <Tag color={handover.status === 'received' ? 'green' : 'orange'} data-testid="office-handover-status">
            {t(`office.handoverStatuses.${handover.status}`)}
          </Tag>
        </Space>
      }
      extra={
        <Button icon={<PrinterOutlined />} onClick={() => navigate(`/print/office/handover/${handover.id}`)} data-testid="office-handover-print">
          {t('office.handover.print')}
        </Button>
      }
      data-testid="office-signatures"
      data-handover-id={handover.id}
    >
      {handover.status === 'received' && <Alert type="success" showIcon title={t('office.handover.received')} style={{ marginBottom: 8 }} />}
      <Flex gap={24} wrap>
        {(['giver', 'receiver'] as const).map((side) => {
          const person = side === 'giver' ? handover.giver : handover.receiver;
          const signedAt = side === 'giver' ? handover.giverSignedAt : handover.receiverSignedAt;
          const turn = (side === 'giver' && handover.status === 'draft') || (side === 'receiver' && handover.status === 'giverSigned');
          return (
            <div key={side} style={{ minWidth: 300 }} data-testid={`office-sign-${side}`}>
              <Typography.Text strong>
                {t(`office.handover.${side}`)}：{person.name}
              </Typography.Text>
              <div>
                {signedAt ? (
                  <Typography.Text type="success">{t('office.handover.signed', { name: person.name, at: at(signedAt) })}</Typography.Text>
                ) : turn ? (
                  <SignBox handover={handover} side={side} name={person.name} onSigned={onChange} />
                ) : (
                  <Typography.Text type="secondary">{t('office.handover.waiting')}</Typography.Text>
                )}
              </div>
            </div>
          );
        })}
      </Flex>
    </Card>
  );
};

const SignBox = ({ handover, side, name, onSigned }: { handover: HandoverView; side: 'giver' | 'receiver'; name: string; onSigned: (h: HandoverView) => void }) => {
  const { t } = useTranslation();
  const sign = useAction(officeHandoverSign);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  // mutateAsync, not mutate's callbacks: the refresh after a signature can take this box off the
  // screen (its shift is no longer open), and callbacks of an unmounted mutate never run
  const go = async () => {
    try {
      const h = await sign.mutateAsync({ id: handover.id, version: handover.version, side, password });
      setPassword('');
      setError(null);
      onSigned(h);
    } catch (e) {
      // the message names whose password was wrong; the field is plain: the password itself
      setPassword('');
      setError(e instanceof AppError ? t(`errors.${e.key}`, { ...e.params, defaultValue: t('errors.invalid') }) : errorText(t, e));
    }
  };
  return (
    <Space orientation="vertical" size={4}>
      <Space.Compact>
        <Input.Password
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          onPressEnter={go}
          placeholder={t('office.handover.password', { name })}
          autoComplete="off"
          data-testid={`office-sign-${side}-password`}
          style={{ width: 220 }}
        />
        <Button type="primary" onClick={go} loading={sign.isPending} data-testid={`office-sign-${side}-submit`}>
          {t('office.handover.sign')}
        </Button>
      </Space.Compact>
      {error && <Typography.Text type="danger" data-testid={`office-sign-${side}-error`}>{error}</Typography.Text>}
    </Space>
  );
};

// ───────────────────────────── equipment ─────────────────────────────

const EquipmentTab = () => {
  const { t } = useTranslation();
  const { me } = useMe();
  const can = useCan();
  const { modal } = App.useApp();
  const list = useMethod(officeEquipmentList, {});
  const save = useAction(officeEquipmentSave);
  const retire = useAction(officeEquipmentRetire);
  const [form] = Form.useForm<{ kind: EquipmentItem['kind']; name: string; code?: string; note?: string }>();
  const submit = useSubmit();
  const [error, setError] = useState<unknown>(null);
  const head = can(officeEquipmentSave);
  const askRetire = (item: EquipmentItem) => {
    let reason = '';
    modal.confirm({
      title: `${t('office.equipment.retire')} ${item.name} ${item.code ?? ''}`,
      content: <Input autoFocus placeholder={t('office.equipment.retireReason')} onChange={(e) => (reason = e.target.value)} />,
      onOk: () => retire.mutateAsync({ id: item.id, version: item.version, reason }).catch((e: unknown) => setError(e)),
    });
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {error ? <Alert type="error" showIcon title={errorText(t, error)} /> : null}
      {head ? (
        <Form
          form={form}
          layout="inline"
          initialValues={{ kind: 'bicycle' }}
          data-testid="office-equipment-form"
          onFinish={(v) =>
            void submit(form, async () => {
              await save.mutateAsync({ kind: v.kind, name: v.name ?? '', code: v.code ?? null, note: v.note ?? null });
              form.resetFields();
            }).then(setError)
          }
        >
          <Form.Item name="kind" label={t('office.equipment.kind')}>
            <Select style={{ width: 130 }} options={EQUIPMENT_KINDS.map((k) => ({ value: k, label: t(`office.kinds.${k}`) }))} />
          </Form.Item>
          <Form.Item name="name" label={t('office.equipment.name')}>
            <Input data-testid="office-equipment-name" />
          </Form.Item>
          <Form.Item name="code" label={t('office.equipment.code')}>
            <Input data-testid="office-equipment-code" style={{ width: 120 }} />
          </Form.Item>
          <Form.Item name="note" label={t('office.equipment.note')}>
            <Input />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="office-equipment-add">
            {t('office.equipment.add')}
          </Button>
        </Form>
      ) : (
        <Typography.Text type="secondary">{t('office.equipment.headOnly')}</Typography.Text>
      )}
      <Table<EquipmentItem>
        size="small"
        rowKey="id"
        pagination={false}
        loading={list.isPending}
        dataSource={list.data ?? []}
        locale={{ emptyText: t('office.equipment.none') }}
        data-testid="office-equipment"
        columns={[
          { title: t('office.equipment.kind'), dataIndex: 'kind', width: 110, render: (k: Names<'office.kinds'>) => t(`office.kinds.${k}`) },
          { title: t('office.equipment.name'), dataIndex: 'name' },
          { title: t('office.equipment.code'), dataIndex: 'code', width: 120 },
          { title: t('office.equipment.state'), dataIndex: 'state', width: 90, render: (s: EquipmentState) => <Tag color={EQUIPMENT_COLOR[s]}>{t(`office.equipmentStates.${s}`)}</Tag> },
          { title: t('office.equipment.stateNote'), key: 'stateNote', render: (_, i) => [i.stateNote, i.stateAt && localDateTime(i.stateAt, me.timeZone)].filter(Boolean).join(' · ') },
          { title: t('office.equipment.note'), dataIndex: 'note' },
          ...(head
            ? [{ title: '', key: 'retire', width: 80, render: (_: unknown, i: EquipmentItem) => <Button size="small" danger onClick={() => askRetire(i)}>{t('office.equipment.retire')}</Button> }]
            : []),
        ]}
      />
    </Space>
  );
};
