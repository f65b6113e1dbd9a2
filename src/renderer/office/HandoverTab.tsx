import { PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Flex, Form, Input, Segmented, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { AppError } from '../../shared/errors.js';
import { EQUIPMENT_STATES, officeEquipmentList, officeHandoverSave, officeHandoverSign, officeShiftGet, type EquipmentItem, type EquipmentState, type HandoverView, type OfficeNow, type ShiftLog } from '../../shared/office/contract.js';
import { localDateTime } from '../../shared/time.js';
import { errorText } from '../app/i18n.js';
import { errorMessage } from '../app/messages.js';
import { useMe } from '../app/me.js';
import { useAction, useErrorAbout, useMethod } from '../app/query.js';
import { entryLine, useEntryParts } from './common.js';
import { useSubmit } from './useSubmit.js';
import { ShiftHeader } from './LogTab.js';

// ───────────────────────────── handover ─────────────────────────────

/** The checklist is keyed by item: an item added or retired while the form is open joins or leaves it, and what was typed stays. */
interface HandoverForm {
  giverId: string;
  receiverId: string;
  summary?: string;
  instructions?: string;
  checklist?: Record<string, { state: EquipmentState; note?: string }>;
}

export const HandoverTab = ({ now }: { now: OfficeNow }) => {
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
  const parts = useEntryParts();
  const equipment = useMethod(officeEquipmentList, {});
  const save = useAction(officeHandoverSave);
  const [form] = Form.useForm<HandoverForm>();
  const submit = useSubmit();
  // a refusal (an open incident, an item not counted) is about the log and the inventory as they were
  const [error, setError] = useErrorAbout(log, equipment.data);
  const handover = log.handover;
  const items = equipment.data ?? [];
  const open = [...log.carried, ...log.entries.filter((e) => e.state === 'open')];
  const editable = !handover || handover.status === 'draft';
  const receivers = [...now.next, ...now.dutyStaff.filter((p) => !now.next.some((n) => n.staffId === p.staffId))];
  // what an item's line starts as: the draft's count if it has one, else the state the inventory has
  const lineOf = (item: EquipmentItem) => {
    const saved = handover?.checklist.find((l) => l.itemId === item.id);
    return { state: saved?.state ?? item.state, note: (saved ? saved.note : item.stateNote) ?? '' };
  };

  if (equipment.isPending) return null;
  const initial: HandoverForm = handover
    ? { giverId: handover.giver.id, receiverId: handover.receiver.id, summary: handover.summary ?? '', instructions: handover.instructions ?? '' }
    : { giverId: log.shift.people.find((p) => p.staffId === me.staffId)?.staffId ?? log.shift.people[0]?.staffId, receiverId: now.next[0]?.staffId };
  // the core names a checklist line by its place in the list sent, the form by its item
  const alias = Object.fromEntries(items.flatMap((item, i) => ['itemId', 'state', 'note'].map((f) => [`checklist.${i}.${f}`, `checklist.${item.id}.${f === 'itemId' ? 'state' : f}`])));

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
                {localDateTime(e.at, me.timeZone)} {t(`office.types.${e.type}`)} · {entryLine(parts(e))}
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
          void submit(
            form,
            () =>
              save.mutateAsync({
                shiftId: log.shift.id,
                ...(handover ? { version: handover.version } : {}),
                giverId: v.giverId,
                receiverId: v.receiverId,
                summary: v.summary ?? null,
                instructions: v.instructions ?? null,
                checklist: items.map((item) => {
                  const line = v.checklist?.[item.id] ?? lineOf(item);
                  return { itemId: item.id, state: line.state, note: line.note || null };
                }),
              }),
            alias,
          ).then(setError)
        }
      >
        <Flex gap={16} wrap>
          <Form.Item name="giverId" label={t('office.handover.giver')} style={{ width: 200 }}>
            <Select data-testid="office-giver" options={log.shift.people.map((p) => ({ value: p.staffId, label: p.name }))} />
          </Form.Item>
          <Form.Item name="receiverId" label={t('office.handover.receiver')} style={{ width: 200 }}>
            <Select data-testid="office-receiver" options={receivers.map((p) => ({ value: p.staffId, label: t('app.aside', { text: p.name, aside: t(`office.roles.${p.role}`) }) }))} />
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
        {items.map((item, i) => (
          <Flex key={item.id} gap={8} align="baseline" data-testid={`office-check-${i}`}>
            <span style={{ width: 220 }}>
              {t(`office.kinds.${item.kind}`)} · {item.name} {item.code}
            </span>
            <Form.Item name={['checklist', item.id, 'state']} initialValue={lineOf(item).state} style={{ width: 120 }}>
              <Select options={EQUIPMENT_STATES.map((s) => ({ value: s, label: t(`office.equipmentStates.${s}`) }))} />
            </Form.Item>
            <Form.Item name={['checklist', item.id, 'note']} initialValue={lineOf(item).note} style={{ flex: 1 }}>
              <Input placeholder={t('office.handover.note')} />
            </Form.Item>
          </Flex>
        ))}
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
                {t('app.labelled', { label: t(`office.handover.${side}`), value: person.name })}
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
      setError(e instanceof AppError ? errorMessage(t, e) : errorText(t, e));
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
