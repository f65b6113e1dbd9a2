import { PrinterOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  Radio,
  Select,
  Space,
  Table,
  Tag,
  TimePicker,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { z } from 'zod';
import {
  NIGHT_CHECK_RULE,
  patrolAttendanceAdd,
  patrolAttendanceCancel,
  patrolCameraAdd,
  patrolCameraRetire,
  patrolCameraRound,
  patrolCameraRounds,
  patrolCamerasList,
  patrolCameraUpdate,
  patrolCompounds,
  patrolGuardCancel,
  patrolGuardReveal,
  patrolGuardSave,
  patrolMonthlyScores,
  patrolNightCheckAdd,
  patrolNightCheckCancel,
  patrolNightChecks,
  patrolPropertiesList,
  patrolPropertySave,
  patrolSchoolPosts,
  patrolSchoolSave,
  patrolSchoolsList,
  patrolTermSave,
  patrolTermsList,
  patrolTermView,
  scoreNightCheck,
  type CameraView,
  type Deduction,
  type GuardView,
  type PostState,
  type PostView,
  type PropertyView,
  type SchoolView,
} from '../../shared/patrol/prevention.contract.js';
import type { MethodDef } from '../../shared/method.js';
import { localDate, localDateTime, localInstant, localTime } from '../../shared/time.js';
import { errorText } from '../app/i18n.js';
import { useCan, useMe } from '../app/me.js';
import { ModalForm } from '../app/ModalForm.js';
import { useAction, useMethod } from '../app/query.js';
import type { PatrolTab } from './PatrolPage.js';
import './prevention.css';

const STATE_COLOR: Record<PostState, string> = { future: 'default', open: 'blue', covered: 'green', gap: 'red' };
const CAMERA_COLOR = { unchecked: 'default', ok: 'green', fault: 'red' } as const;

/** An antd field's value as the core takes it: an empty input is absent. */
const orNull = (v: string | null | undefined) => (v === undefined || v === null || v.trim() === '' ? null : v);

const useDeductionText = () => {
  const { t } = useTranslation();
  return (d: Deduction) => `${t(`prevention.check.items.${d.item}`, { count: d.count, text: d.text ?? '' })} −${d.points}`;
};

/** The three prevention tabs of the patrol zone — property night patrols, school guard posts, video channels. */
export const PREVENTION_TABS: PatrolTab[] = [
  { key: 'properties', label: (t) => t('prevention.tabs.properties'), render: () => <PropertiesTab /> },
  { key: 'schools', label: (t) => t('prevention.tabs.schools'), render: () => <SchoolsTab /> },
  { key: 'cameras', label: (t) => t('prevention.tabs.cameras'), render: () => <CamerasTab /> },
];

/**
 * An action that needs a reason on the record, typed in a small form (Enter confirms, Esc goes
 * back): cancelling a record (about people they are never deleted), or showing a number in full.
 */
const CancelWithReason = ({
  label,
  title,
  testId,
  onConfirm,
  danger = true,
}: {
  label: string;
  title: string;
  testId: string;
  onConfirm: (reason: string) => Promise<unknown>;
  /** false for a deliberate action that destroys nothing (showing a number in full) */
  danger?: boolean;
}) => {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ reason: string }>();
  return (
    <>
      <Button size="small" type="link" danger={danger} onClick={() => setOpen(true)} data-testid={testId}>
        {label}
      </Button>
      {open && (
        <ModalForm<{ reason: string }>
          open
          form={form}
          title={title}
          testId={`${testId}-form`}
          danger={danger}
          okText={label}
          onCancel={() => setOpen(false)}
          onSubmit={async (v) => {
            await onConfirm(v.reason ?? '');
            setOpen(false);
          }}
        >
          <Form.Item name="reason" label={t('prevention.reason')}>
            <Input autoFocus data-testid={`${testId}-reason`} />
          </Form.Item>
        </ModalForm>
      )}
    </>
  );
};

type CancelInput = { id: string; version: number; reason: string };

/** Cancels (or retires) one record through its method, with a reason: the core checks its version. */
const CancelRecord = ({
  method,
  record,
  title,
  testId,
  label,
}: {
  method: MethodDef<z.ZodType<CancelInput, CancelInput>>;
  record: { id: string; version: number };
  title: string;
  testId: string;
  label?: string;
}) => {
  const { t } = useTranslation();
  const cancel = useAction(method);
  return (
    <CancelWithReason
      label={label ?? t('prevention.cancel')}
      title={title}
      testId={testId}
      onConfirm={(reason) => cancel.mutateAsync({ id: record.id, version: record.version, reason })}
    />
  );
};

/** A guard in the list: the phone masked; head and officers may show it, with a reason, on the record. */
const GuardLine = ({ guard }: { guard: GuardView }) => {
  const { t } = useTranslation();
  const can = useCan();
  const { modal } = App.useApp();
  const reveal = useAction(patrolGuardReveal);
  return (
    <span style={{ marginRight: 8 }} data-testid="prevention-guard">
      {[guard.name, guard.phoneMasked].filter(Boolean).join(' ')}
      {can(patrolGuardReveal) && guard.phoneMasked && (
        <CancelWithReason
          label={t('prevention.property.reveal')}
          title={`${t('prevention.property.reveal')}：${guard.name}`}
          testId="prevention-guard-reveal"
          danger={false}
          onConfirm={async (reason) => {
            const { phone } = await reveal.mutateAsync({ id: guard.id, reason });
            modal.info({ title: guard.name, content: phone });
          }}
        />
      )}
      {can(patrolGuardCancel) && (
        <CancelRecord method={patrolGuardCancel} record={guard} title={`${t('prevention.property.cancelGuard')}：${guard.name}`} testId="prevention-guard-cancel" />
      )}
    </span>
  );
};

// ───────────────────────────── the standard address of a 小区 ─────────────────────────────

const CompoundSelect = ({ value, onChange, initialText, testId }: { value?: string | null; onChange?: (v: string | null) => void; initialText?: string | null; testId: string }) => {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const options = useMethod(patrolCompounds, { q });
  const list = (options.data ?? []).map((o) => ({ value: o.id, label: o.fullText }));
  if (value && initialText && !list.some((o) => o.value === value)) list.unshift({ value, label: initialText });
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: setQ }}
      allowClear
      value={value ?? undefined}
      onChange={(v) => onChange?.(v ?? null)}
      options={list}
      placeholder={t('prevention.property.addressHint')}
      data-testid={testId}
    />
  );
};

// ───────────────────────────── properties and night checks ─────────────────────────────

const PropertiesTab = () => {
  const { t } = useTranslation();
  const { me } = useMe();
  const can = useCan();
  const navigate = useNavigate();
  const [month, setMonth] = useState(localDate(new Date(), me.timeZone).slice(0, 7));
  const properties = useMethod(patrolPropertiesList, {});
  const scores = useMethod(patrolMonthlyScores, { month });
  const checks = useMethod(patrolNightChecks, { month });
  const [editing, setEditing] = useState<PropertyView | 'new' | null>(null);
  const [checking, setChecking] = useState<PropertyView | null>(null);
  const [guardFor, setGuardFor] = useState<PropertyView | null>(null);
  const deduction = useDeductionText();
  const scoreOf = new Map((scores.data ?? []).map((s) => [s.propertyId, s]));
  const error = properties.error ?? scores.error ?? checks.error;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size={12}>
      {error && <Alert type="error" showIcon title={errorText(t, error)} />}
      <Flex gap={12} align="center" wrap>
        <span>{t('prevention.month')}</span>
        <DatePicker picker="month" allowClear={false} value={dayjs(`${month}-01`)} onChange={(d: Dayjs | null) => d && setMonth(d.format('YYYY-MM'))} data-testid="prevention-month" />
        {can(patrolPropertySave) && (
          <Button type="primary" onClick={() => setEditing('new')} data-testid="prevention-property-add">
            {t('prevention.property.add')}
          </Button>
        )}
        <Typography.Text type="secondary">
          {t('prevention.check.rule', NIGHT_CHECK_RULE)}
        </Typography.Text>
      </Flex>
      <Table<PropertyView>
        size="small"
        rowKey="id"
        pagination={false}
        loading={properties.isPending}
        dataSource={properties.data ?? []}
        locale={{ emptyText: <Empty description={t('prevention.property.empty')} /> }}
        onRow={(p) => ({ 'data-testid': 'prevention-property-row', 'data-name': p.name }) as React.HTMLAttributes<HTMLTableRowElement>}
        columns={[
          {
            title: t('prevention.property.name'),
            key: 'name',
            render: (_, p) => (
              <>
                {p.name}
                {p.addressText && (
                  <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                    {p.addressText}
                  </Typography.Text>
                )}
              </>
            ),
          },
          { title: t('prevention.property.company'), dataIndex: 'company' },
          { title: t('prevention.property.contact'), key: 'contact', render: (_, p) => [p.contactName, p.contactPhone].filter(Boolean).join(' ') },
          {
            title: t('prevention.property.guards'),
            key: 'guards',
            render: (_, p) => (
              <span data-testid="prevention-property-guards">
                {p.guards.map((g) => (
                  <GuardLine key={g.id} guard={g} />
                ))}
              </span>
            ),
          },
          {
            title: t('prevention.property.score'),
            key: 'score',
            render: (_, p) => {
              const s = scoreOf.get(p.id);
              if (!s || s.score === null) return <Typography.Text type="secondary">{t('prevention.property.noCheck')}</Typography.Text>;
              return (
                <span data-testid="prevention-property-score">
                  {s.score}（{t('prevention.property.checks')} {s.checks}）{' '}
                  <Tag color={s.passed ? 'green' : 'red'}>{s.passed ? t('prevention.property.passed') : t('prevention.property.failed')}</Tag>
                </span>
              );
            },
          },
          {
            title: '',
            key: 'actions',
            render: (_, p) => (
              <Space size={4} wrap>
                <Button size="small" type="primary" onClick={() => setChecking(p)} data-testid="prevention-check-add">
                  {t('prevention.check.add')}
                </Button>
                <Button size="small" icon={<PrinterOutlined />} onClick={() => navigate(`/print/patrol/feedback/${p.id}/${month}`)} data-testid="prevention-feedback-print">
                  {t('prevention.feedback.print')}
                </Button>
                {can(patrolGuardSave) && (
                  <Button size="small" onClick={() => setGuardFor(p)} data-testid="prevention-guard-add">
                    {t('prevention.property.addGuard')}
                  </Button>
                )}
                {can(patrolPropertySave) && (
                  <Button size="small" onClick={() => setEditing(p)}>
                    {t('prevention.edit')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <Card size="small" title={t('prevention.check.list', { month })}>
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={checks.data ?? []}
          locale={{ emptyText: <Empty description={t('prevention.check.empty')} /> }}
          onRow={() => ({ 'data-testid': 'prevention-check-row' }) as React.HTMLAttributes<HTMLTableRowElement>}
          columns={[
            { title: t('prevention.check.checkedAt'), dataIndex: 'checkedAt', width: 140, render: (at: string) => localDateTime(at, me.timeZone) },
            { title: t('prevention.property.name'), dataIndex: 'propertyName' },
            { title: t('prevention.check.onRound'), dataIndex: 'onRound', render: (v: boolean) => (v ? t('prevention.check.yes') : <Tag color="red">{t('prevention.check.no')}</Tag>) },
            { title: t('prevention.check.guardsSeen'), key: 'guards', render: (_, c) => `${c.guardsSeen} / ${c.guardsExpected}` },
            { title: t('prevention.check.pointsChecked'), key: 'points', render: (_, c) => `${c.pointsChecked} / ${c.pointsTotal}` },
            { title: t('prevention.check.deductions'), key: 'deductions', render: (_, c) => c.deductions.map(deduction).join('；') || t('prevention.none') },
            { title: t('prevention.check.score'), dataIndex: 'score', width: 70, render: (s: number) => <strong data-testid="prevention-check-score">{s}</strong> },
            { title: t('prevention.check.checkedBy'), dataIndex: 'checkedBy', width: 90 },
            {
              title: '',
              key: 'cancel',
              width: 80,
              render: (_, c) =>
                can(patrolNightCheckCancel) && <CancelRecord method={patrolNightCheckCancel} record={c} title={t('prevention.check.cancelCheck')} testId="prevention-check-cancel" />,
            },
          ]}
        />
      </Card>
      {editing && <PropertyForm property={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />}
      {checking && <NightCheckForm property={checking} onDone={() => setChecking(null)} />}
      {guardFor && <GuardForm property={guardFor} onDone={() => setGuardFor(null)} />}
    </Space>
  );
};

interface PropertyValues {
  name: string;
  addressId: string | null;
  company: string;
  contactName: string;
  contactPhone: string;
  nightGuards: number;
  patrolPoints: number;
  passScore: number;
  note: string;
}

const PropertyForm = ({ property, onDone }: { property: PropertyView | null; onDone: () => void }) => {
  const { t } = useTranslation();
  const [form] = Form.useForm<PropertyValues>();
  const save = useAction(patrolPropertySave);
  return (
    <ModalForm<PropertyValues>
      open
      form={form}
      title={property ? t('prevention.property.edit') : t('prevention.property.add')}
      testId="prevention-property-form"
      onCancel={onDone}
      initialValues={
        property
          ? { ...property, contactName: property.contactName ?? '', contactPhone: property.contactPhone ?? '', note: property.note ?? '' }
          : { nightGuards: 2, patrolPoints: 6, passScore: 80, addressId: null }
      }
      onSubmit={async (v) => {
        await save.mutateAsync({
          ...(property ? { id: property.id, version: property.version } : {}),
          name: v.name ?? '',
          addressId: v.addressId ?? null,
          company: v.company ?? '',
          contactName: orNull(v.contactName),
          contactPhone: orNull(v.contactPhone),
          nightGuards: v.nightGuards,
          patrolPoints: v.patrolPoints,
          passScore: v.passScore,
          note: orNull(v.note),
        });
        onDone();
      }}
    >
      <Form.Item name="name" label={t('prevention.property.name')}>
        <Input autoFocus data-testid="prevention-property-name" />
      </Form.Item>
      <Form.Item name="addressId" label={t('prevention.property.address')}>
        <CompoundSelect initialText={property?.addressText} testId="prevention-property-address" />
      </Form.Item>
      <Form.Item name="company" label={t('prevention.property.company')}>
        <Input data-testid="prevention-property-company" />
      </Form.Item>
      <Flex gap={12}>
        <Form.Item name="contactName" label={t('prevention.property.contact')} style={{ flex: 1 }}>
          <Input data-testid="prevention-property-contact" />
        </Form.Item>
        <Form.Item name="contactPhone" label={t('prevention.property.contactPhone')} style={{ flex: 1 }}>
          <Input data-testid="prevention-property-phone" />
        </Form.Item>
      </Flex>
      <Flex gap={12}>
        <Form.Item name="nightGuards" label={t('prevention.property.nightGuards')} style={{ flex: 1 }}>
          <InputNumber style={{ width: '100%' }} data-testid="prevention-property-guards-count" />
        </Form.Item>
        <Form.Item name="patrolPoints" label={t('prevention.property.patrolPoints')} style={{ flex: 1 }}>
          <InputNumber style={{ width: '100%' }} data-testid="prevention-property-points" />
        </Form.Item>
        <Form.Item name="passScore" label={t('prevention.property.passScore')} style={{ flex: 1 }}>
          <InputNumber style={{ width: '100%' }} data-testid="prevention-property-pass" />
        </Form.Item>
      </Flex>
      <Form.Item name="note" label={t('prevention.property.note')}>
        <Input.TextArea rows={2} />
      </Form.Item>
    </ModalForm>
  );
};

const GuardForm = ({ property, onDone }: { property: PropertyView; onDone: () => void }) => {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ name: string; phone: string }>();
  const save = useAction(patrolGuardSave);
  return (
    <ModalForm<{ name: string; phone: string }>
      open
      form={form}
      title={`${t('prevention.property.addGuard')}：${property.name}`}
      testId="prevention-guard-form"
      onCancel={onDone}
      onSubmit={async (v) => {
        await save.mutateAsync({ propertyId: property.id, name: v.name ?? '', phone: orNull(v.phone) });
        onDone();
      }}
    >
      <Form.Item name="name" label={t('prevention.property.guardName')}>
        <Input autoFocus data-testid="prevention-guard-name" />
      </Form.Item>
      <Form.Item name="phone" label={t('prevention.property.guardPhone')}>
        <Input data-testid="prevention-guard-phone" />
      </Form.Item>
    </ModalForm>
  );
};

interface CheckValues {
  checkedAt: Dayjs | null;
  onRound: boolean;
  guardsSeen: number;
  pointsChecked: number;
  problems?: { text: string; points: number }[];
  note: string;
}

const NightCheckForm = ({ property, onDone }: { property: PropertyView; onDone: () => void }) => {
  const { t } = useTranslation();
  const [form] = Form.useForm<CheckValues>();
  const add = useAction(patrolNightCheckAdd);
  const values = Form.useWatch([], form) as Partial<CheckValues> | undefined;
  const live = scoreNightCheck({
    onRound: values?.onRound ?? true,
    guardsSeen: Number(values?.guardsSeen ?? 0) || 0,
    guardsExpected: property.nightGuards,
    pointsChecked: Number(values?.pointsChecked ?? 0) || 0,
    pointsTotal: property.patrolPoints,
    problems: (values?.problems ?? []).filter(Boolean).map((p) => ({ text: p.text ?? '', points: Number(p.points ?? 0) || 0 })),
  });
  return (
    <ModalForm<CheckValues>
      open
      form={form}
      width={640}
      title={t('prevention.check.title', { name: property.name })}
      testId="prevention-check-form"
      onCancel={onDone}
      initialValues={{ checkedAt: dayjs(), onRound: true, guardsSeen: property.nightGuards, pointsChecked: property.patrolPoints, problems: [] }}
      onSubmit={async (v) => {
        await add.mutateAsync({
          propertyId: property.id,
          checkedAt: v.checkedAt ? v.checkedAt.format() : undefined,
          onRound: v.onRound,
          guardsSeen: v.guardsSeen,
          pointsChecked: v.pointsChecked,
          problems: (v.problems ?? []).map((p) => ({ text: p.text ?? '', points: p.points })),
          note: orNull(v.note),
        });
        onDone();
      }}
    >
      <Flex gap={12}>
        <Form.Item name="checkedAt" label={t('prevention.check.checkedAt')} style={{ flex: 1 }}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} data-testid="prevention-check-at" />
        </Form.Item>
        <Form.Item name="onRound" label={t('prevention.check.onRound')} style={{ flex: 1 }}>
          <Radio.Group
            data-testid="prevention-check-on-round"
            options={[
              { value: true, label: t('prevention.check.yes') },
              { value: false, label: t('prevention.check.no') },
            ]}
          />
        </Form.Item>
      </Flex>
      <Flex gap={12}>
        <Form.Item name="guardsSeen" label={t('prevention.check.guardsSeen')} extra={t('prevention.check.guardsOf', { n: property.nightGuards })} style={{ flex: 1 }}>
          <InputNumber autoFocus style={{ width: '100%' }} data-testid="prevention-check-guards" />
        </Form.Item>
        <Form.Item name="pointsChecked" label={t('prevention.check.pointsChecked')} extra={t('prevention.check.pointsOf', { n: property.patrolPoints })} style={{ flex: 1 }}>
          <InputNumber style={{ width: '100%' }} data-testid="prevention-check-points" />
        </Form.Item>
      </Flex>
      <Form.List name="problems">
        {(fields, { add: addLine, remove }) => (
          <Form.Item label={t('prevention.check.problems')}>
            {fields.map((f, i) => (
              <Flex key={f.key} gap={8} align="start">
                <Form.Item name={[f.name, 'text']} style={{ flex: 3, marginBottom: 8 }}>
                  <Input placeholder={t('prevention.check.problemText')} data-testid={`prevention-check-problem-${i}`} />
                </Form.Item>
                <Form.Item name={[f.name, 'points']} style={{ flex: 1, marginBottom: 8 }}>
                  <InputNumber placeholder={t('prevention.check.problemPoints')} style={{ width: '100%' }} data-testid={`prevention-check-problem-points-${i}`} />
                </Form.Item>
                <Button onClick={() => remove(f.name)}>×</Button>
              </Flex>
            ))}
            <Button onClick={() => addLine({ text: '', points: NIGHT_CHECK_RULE.defaultProblem })} data-testid="prevention-check-problem-add">
              {t('prevention.check.addProblem')}
            </Button>
          </Form.Item>
        )}
      </Form.List>
      <Form.Item name="note" label={t('prevention.check.note')}>
        <Input.TextArea rows={2} />
      </Form.Item>
      <Typography.Text strong data-testid="prevention-check-live">
        {t('prevention.check.scoreLive', { score: live.score })}
      </Typography.Text>
    </ModalForm>
  );
};

// ───────────────────────────── school guard posts ─────────────────────────────

const SchoolsTab = () => {
  const { t } = useTranslation();
  const { me } = useMe();
  const can = useCan();
  const [date, setDate] = useState(localDate(new Date(), me.timeZone));
  const day = useMethod(patrolSchoolPosts, { date });
  const schools = useMethod(patrolSchoolsList, {});
  const [recording, setRecording] = useState<PostView | null>(null);
  const [editing, setEditing] = useState<SchoolView | 'new' | null>(null);
  const period = (p: PostView) => t(`prevention.school.periods.${p.period}`);
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size={12}>
      {(day.error ?? schools.error) && <Alert type="error" showIcon title={errorText(t, day.error ?? schools.error)} />}
      <Flex gap={12} align="center" wrap>
        <span>{t('prevention.school.date')}</span>
        <DatePicker allowClear={false} value={dayjs(date)} onChange={(d: Dayjs | null) => d && setDate(d.format('YYYY-MM-DD'))} data-testid="prevention-post-date" />
        {day.data?.holidayName && <Tag color="orange">{t('prevention.school.makeUpDay', { name: day.data.holidayName })}</Tag>}
      </Flex>
      {day.data && day.data.posts.length === 0 && (
        <Alert type="info" showIcon title={(schools.data ?? []).length === 0 ? t('prevention.school.empty') : t('prevention.school.notSchoolDay')} description={t('prevention.school.noWindows')} data-testid="prevention-no-posts" />
      )}
      {day.data && day.data.posts.length > 0 && (
        <Table<PostView>
          size="small"
          rowKey={(p) => `${p.schoolId}/${p.period}`}
          pagination={false}
          dataSource={day.data.posts}
          onRow={(p) => ({ 'data-testid': 'prevention-post-row', 'data-school': p.schoolName, 'data-period': p.period }) as React.HTMLAttributes<HTMLTableRowElement>}
          columns={[
            { title: t('prevention.school.name'), dataIndex: 'schoolName' },
            { title: t('prevention.school.posts'), key: 'period', render: (_, p) => `${period(p)} ${p.from}–${p.to}` },
            { title: t('prevention.school.window'), dataIndex: 'windowName' },
            { title: t('prevention.school.required'), dataIndex: 'required', width: 60 },
            { title: t('prevention.school.rostered'), key: 'rostered', render: (_, p) => p.rostered.map((r) => r.name).join('、') },
            {
              title: t('prevention.school.attendance'),
              key: 'attendance',
              render: (_, p) => (
                <Space orientation="vertical" size={0} data-testid="prevention-post-attendance">
                  {p.attendance.map((a) => (
                    <span key={a.id}>
                      {a.personName}{' '}
                      {a.absent ? (
                        <Tag color="red">{t('prevention.school.absentTag')}</Tag>
                      ) : (
                        `${a.arrivedAt ? localTime(a.arrivedAt, me.timeZone) : ''}–${a.leftAt ? localTime(a.leftAt, me.timeZone) : ''}`
                      )}
                      {a.note ? ` ${a.note}` : ''}
                      <CancelRecord method={patrolAttendanceCancel} record={a} title={`${t('prevention.cancel')}：${a.personName}`} testId="prevention-attendance-cancel" />
                    </span>
                  ))}
                </Space>
              ),
            },
            {
              title: '',
              key: 'state',
              render: (_, p) => (
                <Space>
                  <Tag color={STATE_COLOR[p.state]} data-testid="prevention-post-state">
                    {t(`prevention.school.states.${p.state}`)}
                  </Tag>
                  <Button size="small" onClick={() => setRecording(p)} data-testid="prevention-post-record">
                    {t('prevention.school.record')}
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      )}
      <Card
        size="small"
        title={t('prevention.school.list')}
        extra={
          can(patrolSchoolSave) && (
            <Button size="small" onClick={() => setEditing('new')} data-testid="prevention-school-add">
              {t('prevention.school.add')}
            </Button>
          )
        }
      >
        <Table<SchoolView>
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={schools.data ?? []}
          locale={{ emptyText: <Empty description={t('prevention.school.empty')} /> }}
          columns={[
            { title: t('prevention.school.name'), dataIndex: 'name' },
            { title: t('prevention.school.morning'), key: 'm', render: (_, s) => `${s.morningFrom}–${s.morningTo}` },
            { title: t('prevention.school.afternoon'), key: 'a', render: (_, s) => `${s.afternoonFrom}–${s.afternoonTo}` },
            { title: t('prevention.school.contact'), key: 'c', render: (_, s) => [s.contactName, s.contactPhone].filter(Boolean).join(' ') },
            {
              title: '',
              key: 'edit',
              render: (_, s) =>
                can(patrolSchoolSave) && (
                  <Button size="small" onClick={() => setEditing(s)}>
                    {t('prevention.edit')}
                  </Button>
                ),
            },
          ]}
        />
      </Card>
      <TermCard />
      {recording && day.data && <AttendanceForm post={recording} people={day.data.dutyStaff} onDone={() => setRecording(null)} />}
      {editing && <SchoolForm school={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />}
    </Space>
  );
};

interface AttendanceValues {
  staffId: string | null;
  personName: string;
  absent: boolean;
  arrivedAt: Dayjs | null;
  leftAt: Dayjs | null;
  note: string;
}

const AttendanceForm = ({ post, people, onDone }: { post: PostView; people: { staffId: string; name: string }[]; onDone: () => void }) => {
  const { t } = useTranslation();
  const { me } = useMe();
  const [form] = Form.useForm<AttendanceValues>();
  const add = useAction(patrolAttendanceAdd);
  const absent = Form.useWatch('absent', form);
  const at = (v: Dayjs | null | undefined) => (v ? localInstant(post.date, v.format('HH:mm'), me.timeZone).toISOString() : null);
  return (
    <ModalForm<AttendanceValues>
      open
      form={form}
      title={t('prevention.attendance.title', { school: post.schoolName, date: post.date, period: t(`prevention.school.periods.${post.period}`) })}
      testId="prevention-attendance-form"
      onCancel={onDone}
      initialValues={{ staffId: null, absent: false }}
      onSubmit={async (v) => {
        await add.mutateAsync({
          schoolId: post.schoolId,
          date: post.date,
          period: post.period,
          staffId: v.staffId ?? null,
          personName: orNull(v.personName),
          absent: Boolean(v.absent),
          arrivedAt: v.absent ? null : at(v.arrivedAt),
          leftAt: v.absent ? null : at(v.leftAt),
          note: orNull(v.note),
        });
        onDone();
      }}
    >
      <Flex gap={12}>
        <Form.Item name="staffId" label={t('prevention.attendance.staff')} style={{ flex: 1 }}>
          <Select
            allowClear
            autoFocus
            showSearch={{ optionFilterProp: 'label' }}
            options={people.map((p) => ({ value: p.staffId, label: post.rostered.some((r) => r.staffId === p.staffId) ? `${p.name} ★` : p.name }))}
            data-testid="prevention-attendance-staff"
          />
        </Form.Item>
        <Form.Item name="personName" label={t('prevention.attendance.personName')} style={{ flex: 1 }}>
          <Input data-testid="prevention-attendance-name" />
        </Form.Item>
      </Flex>
      <Form.Item name="absent" valuePropName="checked">
        <Checkbox data-testid="prevention-attendance-absent">{t('prevention.attendance.absent')}</Checkbox>
      </Form.Item>
      {!absent && (
        <Flex gap={12}>
          <Form.Item name="arrivedAt" label={t('prevention.attendance.arrivedAt')} style={{ flex: 1 }}>
            <TimePicker format="HH:mm" needConfirm={false} style={{ width: '100%' }} data-testid="prevention-attendance-arrived" />
          </Form.Item>
          <Form.Item name="leftAt" label={t('prevention.attendance.leftAt')} style={{ flex: 1 }}>
            <TimePicker format="HH:mm" needConfirm={false} style={{ width: '100%' }} data-testid="prevention-attendance-left" />
          </Form.Item>
        </Flex>
      )}
      <Form.Item name="note" label={t('prevention.attendance.note')}>
        <Input />
      </Form.Item>
    </ModalForm>
  );
};

type SchoolValues = Omit<SchoolView, 'id' | 'version' | 'addressText' | 'contactPhone'> & { contactPhone: string };

const SchoolForm = ({ school, onDone }: { school: SchoolView | null; onDone: () => void }) => {
  const { t } = useTranslation();
  const [form] = Form.useForm<SchoolValues>();
  const save = useAction(patrolSchoolSave);
  const clockField = (name: keyof SchoolValues, label: string, testId: string) => (
    <Form.Item name={name} label={label} style={{ flex: 1 }}>
      <Input placeholder="07:30" data-testid={testId} />
    </Form.Item>
  );
  return (
    <ModalForm<SchoolValues>
      open
      form={form}
      title={school ? t('prevention.school.edit') : t('prevention.school.add')}
      testId="prevention-school-form"
      onCancel={onDone}
      initialValues={
        school
          ? { ...school, contactName: school.contactName ?? '', contactPhone: school.contactPhone ?? '' }
          : { morningFrom: '07:20', morningTo: '08:00', afternoonFrom: '16:30', afternoonTo: '17:10', addressId: null }
      }
      onSubmit={async (v) => {
        await save.mutateAsync({
          ...(school ? { id: school.id, version: school.version } : {}),
          name: v.name ?? '',
          addressId: v.addressId ?? null,
          contactName: orNull(v.contactName),
          contactPhone: orNull(v.contactPhone),
          morningFrom: v.morningFrom ?? '',
          morningTo: v.morningTo ?? '',
          afternoonFrom: v.afternoonFrom ?? '',
          afternoonTo: v.afternoonTo ?? '',
        });
        onDone();
      }}
    >
      <Form.Item name="name" label={t('prevention.school.name')}>
        <Input autoFocus data-testid="prevention-school-name" />
      </Form.Item>
      <Form.Item name="addressId" label={t('prevention.school.address')}>
        <CompoundSelect initialText={school?.addressText} testId="prevention-school-address" />
      </Form.Item>
      <Flex gap={12}>
        {clockField('morningFrom', `${t('prevention.school.morning')} ${t('prevention.school.from')}`, 'prevention-school-morning-from')}
        {clockField('morningTo', t('prevention.school.to'), 'prevention-school-morning-to')}
        {clockField('afternoonFrom', `${t('prevention.school.afternoon')} ${t('prevention.school.from')}`, 'prevention-school-afternoon-from')}
        {clockField('afternoonTo', t('prevention.school.to'), 'prevention-school-afternoon-to')}
      </Flex>
      <Flex gap={12}>
        <Form.Item name="contactName" label={t('prevention.school.contact')} style={{ flex: 1 }}>
          <Input />
        </Form.Item>
        <Form.Item name="contactPhone" label={t('prevention.school.contactPhone')} style={{ flex: 1 }}>
          <Input />
        </Form.Item>
      </Flex>
    </ModalForm>
  );
};

const TermCard = () => {
  const { t } = useTranslation();
  const can = useCan();
  const terms = useMethod(patrolTermsList, {});
  const [termId, setTermId] = useState<string | null>(null);
  const chosen = termId ?? terms.data?.[0]?.id ?? null;
  const report = useMethod(patrolTermView, { termId: chosen ?? '' }, { enabled: chosen !== null });
  const [adding, setAdding] = useState(false);
  const [form] = Form.useForm<{ name: string; startDate: Dayjs | null; endDate: Dayjs | null }>();
  const save = useAction(patrolTermSave);
  return (
    <Card
      size="small"
      title={t('prevention.term.view')}
      extra={
        <Space>
          <Select
            style={{ minWidth: 220 }}
            placeholder={t('prevention.term.choose')}
            value={chosen ?? undefined}
            onChange={setTermId}
            options={(terms.data ?? []).map((x) => ({ value: x.id, label: `${x.name}（${x.startDate} – ${x.endDate}）` }))}
            data-testid="prevention-term-select"
          />
          {can(patrolTermSave) && (
            <Button size="small" onClick={() => setAdding(true)} data-testid="prevention-term-add">
              {t('prevention.term.add')}
            </Button>
          )}
        </Space>
      }
    >
      {report.error && <Alert type="error" showIcon title={errorText(t, report.error)} />}
      {report.data && (
        <>
          <Typography.Paragraph data-testid="prevention-term-totals">{t('prevention.term.totals', report.data.totals)}</Typography.Paragraph>
          <Table
            size="small"
            rowKey="date"
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            dataSource={report.data.days}
            rowClassName={(d) => (d.posts.some((p) => p.state === 'gap') ? 'prevention-gap-row' : '')}
            onRow={(d) => ({ 'data-testid': 'prevention-term-day', 'data-date': d.date }) as React.HTMLAttributes<HTMLTableRowElement>}
            columns={[
              {
                title: t('prevention.term.day'),
                key: 'date',
                width: 160,
                render: (_, d) => (
                  <>
                    {d.date} {dayjs(d.date).format('ddd')} {d.holidayName && <Tag color="orange">{d.holidayName}</Tag>}
                  </>
                ),
              },
              {
                title: t('prevention.school.posts'),
                key: 'posts',
                render: (_, d) => (
                  <Flex gap={4} wrap>
                    {d.posts.map((p) => (
                      <Tag key={`${p.schoolId}/${p.period}`} color={STATE_COLOR[p.state]}>
                        {p.schoolName} {t(`prevention.school.periods.${p.period}`)} {p.present}/{p.required}
                        {p.absent > 0 ? ` ${t('prevention.school.absentTag')} ${p.absent}` : ''} · {t(`prevention.school.states.${p.state}`)}
                      </Tag>
                    ))}
                  </Flex>
                ),
              },
            ]}
          />
        </>
      )}
      {adding && (
        <ModalForm<{ name: string; startDate: Dayjs | null; endDate: Dayjs | null }>
          open
          form={form}
          title={t('prevention.term.add')}
          testId="prevention-term-form"
          onCancel={() => setAdding(false)}
          onSubmit={async (v) => {
            const term = await save.mutateAsync({ name: v.name ?? '', startDate: v.startDate?.format('YYYY-MM-DD') ?? '', endDate: v.endDate?.format('YYYY-MM-DD') ?? '' });
            setTermId(term.id);
            setAdding(false);
          }}
        >
          <Form.Item name="name" label={t('prevention.term.name')}>
            <Input autoFocus />
          </Form.Item>
          <Flex gap={12}>
            <Form.Item name="startDate" label={t('prevention.term.startDate')} style={{ flex: 1 }}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item name="endDate" label={t('prevention.term.endDate')} style={{ flex: 1 }}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Flex>
        </ModalForm>
      )}
    </Card>
  );
};

// ───────────────────────────── video channels ─────────────────────────────

const CamerasTab = () => {
  const { t } = useTranslation();
  const { me } = useMe();
  const can = useCan();
  const cameras = useMethod(patrolCamerasList, {});
  const rounds = useMethod(patrolCameraRounds, { limit: 10 });
  const [editing, setEditing] = useState<CameraView | 'new' | null>(null);
  const [round, setRound] = useState(false);
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size={12}>
      {cameras.error && <Alert type="error" showIcon title={errorText(t, cameras.error)} />}
      <Space>
        {can(patrolCameraAdd) && (
          <Button onClick={() => setEditing('new')} data-testid="prevention-camera-add">
            {t('prevention.camera.add')}
          </Button>
        )}
        <Button type="primary" disabled={(cameras.data ?? []).length === 0} onClick={() => setRound(true)} data-testid="prevention-camera-round">
          {t('prevention.camera.round')}
        </Button>
      </Space>
      <Table<CameraView>
        size="small"
        rowKey="id"
        pagination={false}
        loading={cameras.isPending}
        dataSource={cameras.data ?? []}
        locale={{ emptyText: <Empty description={t('prevention.camera.empty')} /> }}
        onRow={(c) => ({ 'data-testid': 'prevention-camera-row', 'data-code': c.code }) as React.HTMLAttributes<HTMLTableRowElement>}
        columns={[
          { title: t('prevention.camera.code'), dataIndex: 'code' },
          { title: t('prevention.camera.place'), dataIndex: 'place' },
          { title: t('prevention.camera.facing'), dataIndex: 'facing' },
          { title: t('prevention.camera.ownerUnit'), dataIndex: 'ownerUnit' },
          {
            title: t('prevention.camera.status'),
            dataIndex: 'status',
            render: (s: CameraView['status']) => (
              <Tag color={CAMERA_COLOR[s]} data-testid="prevention-camera-status">
                {t(`prevention.camera.statuses.${s}`)}
              </Tag>
            ),
          },
          {
            title: t('prevention.camera.faultNote'),
            key: 'fault',
            render: (_, c) => (c.faultNote ? `${c.faultNote}（${t('prevention.camera.faultSince')} ${c.faultSince ? localDateTime(c.faultSince, me.timeZone) : ''}）` : ''),
          },
          { title: t('prevention.camera.lastCheckedAt'), dataIndex: 'lastCheckedAt', render: (at: string | null) => (at ? localDateTime(at, me.timeZone) : '') },
          {
            title: '',
            key: 'edit',
            render: (_, c) =>
              can(patrolCameraUpdate) && (
                <Space size={0}>
                  <Button size="small" onClick={() => setEditing(c)}>
                    {t('prevention.edit')}
                  </Button>
                  <CancelRecord
                    method={patrolCameraRetire}
                    record={c}
                    label={t('prevention.camera.retire')}
                    title={`${t('prevention.camera.retire')}：${c.code}`}
                    testId="prevention-camera-retire"
                  />
                </Space>
              ),
          },
        ]}
      />
      <Card size="small" title={t('prevention.camera.rounds')}>
        {(rounds.data ?? []).length === 0 ? (
          <Empty />
        ) : (
          <ul style={{ margin: 0, paddingLeft: 20 }} data-testid="prevention-camera-rounds">
            {(rounds.data ?? []).map((r) => (
              <li key={r.id}>
                {t('prevention.camera.roundLine', { at: localDateTime(r.checkedAt, me.timeZone), by: r.checkedBy, count: r.results.length, faults: r.faults })}
                {r.results
                  .filter((x) => !x.ok)
                  .map((x) => ` · ${x.code} ${x.note ?? ''}`)
                  .join('')}
              </li>
            ))}
          </ul>
        )}
      </Card>
      {editing && <CameraForm camera={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />}
      {round && cameras.data && <RoundForm cameras={cameras.data} onDone={() => setRound(false)} />}
    </Space>
  );
};

interface CameraValues {
  code: string;
  place: string;
  facing: string;
  ownerUnit: string;
  note: string;
}

const CameraForm = ({ camera, onDone }: { camera: CameraView | null; onDone: () => void }) => {
  const { t } = useTranslation();
  const [form] = Form.useForm<CameraValues>();
  const add = useAction(patrolCameraAdd);
  const update = useAction(patrolCameraUpdate);
  return (
    <ModalForm<CameraValues>
      open
      form={form}
      title={camera ? t('prevention.camera.edit') : t('prevention.camera.add')}
      testId="prevention-camera-form"
      onCancel={onDone}
      initialValues={camera ? { ...camera, facing: camera.facing ?? '', note: camera.note ?? '' } : {}}
      onSubmit={async (v) => {
        const fields = { code: v.code ?? '', place: v.place ?? '', facing: orNull(v.facing), ownerUnit: v.ownerUnit ?? '', note: orNull(v.note) };
        if (camera) await update.mutateAsync({ id: camera.id, version: camera.version, ...fields });
        else await add.mutateAsync(fields);
        onDone();
      }}
    >
      <Form.Item name="code" label={t('prevention.camera.code')}>
        <Input autoFocus data-testid="prevention-camera-code" />
      </Form.Item>
      <Form.Item name="place" label={t('prevention.camera.place')}>
        <Input data-testid="prevention-camera-place" />
      </Form.Item>
      <Flex gap={12}>
        <Form.Item name="facing" label={t('prevention.camera.facing')} style={{ flex: 1 }}>
          <Input data-testid="prevention-camera-facing" />
        </Form.Item>
        <Form.Item name="ownerUnit" label={t('prevention.camera.ownerUnit')} style={{ flex: 2 }}>
          <Input data-testid="prevention-camera-owner" />
        </Form.Item>
      </Flex>
      <Form.Item name="note" label={t('prevention.camera.note')}>
        <Input />
      </Form.Item>
    </ModalForm>
  );
};

interface RoundValues {
  checkedAt: Dayjs | null;
  note: string;
  results: { cameraId: string; ok: boolean; note: string }[];
}

const RoundForm = ({ cameras, onDone }: { cameras: CameraView[]; onDone: () => void }) => {
  const { t } = useTranslation();
  const [form] = Form.useForm<RoundValues>();
  const record = useAction(patrolCameraRound);
  const results = Form.useWatch('results', form) as RoundValues['results'] | undefined;
  return (
    <ModalForm<RoundValues>
      open
      form={form}
      width={760}
      title={t('prevention.camera.roundTitle')}
      testId="prevention-round-form"
      onCancel={onDone}
      okText={t('app.save')}
      initialValues={{ checkedAt: dayjs(), results: cameras.map((c) => ({ cameraId: c.id, ok: c.status !== 'fault', note: c.faultNote ?? '' })) }}
      onSubmit={async (v) => {
        await record.mutateAsync({
          checkedAt: v.checkedAt ? v.checkedAt.format() : undefined,
          note: orNull(v.note),
          results: v.results.map((r) => ({ cameraId: r.cameraId, ok: r.ok, note: orNull(r.note) })),
        });
        onDone();
      }}
    >
      <Form.Item name="checkedAt" label={t('prevention.camera.checkedAt')}>
        <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
      </Form.Item>
      <Form.List name="results">
        {(fields) =>
          fields.map((f, i) => {
            const c = cameras[i];
            return (
              <Flex key={f.key} gap={8} align="start" data-testid="prevention-round-line" data-code={c.code}>
                <Form.Item name={[f.name, 'cameraId']} hidden>
                  <Input />
                </Form.Item>
                <div style={{ width: 220, paddingTop: 4 }}>
                  {c.code} · {c.place}
                </div>
                <Form.Item name={[f.name, 'ok']} style={{ marginBottom: 8 }}>
                  <Radio.Group
                    data-testid="prevention-round-result"
                    options={[
                      { value: true, label: t('prevention.camera.ok') },
                      { value: false, label: t('prevention.camera.fault') },
                    ]}
                  />
                </Form.Item>
                <Form.Item name={[f.name, 'note']} style={{ flex: 1, marginBottom: 8 }}>
                  <Input placeholder={results?.[i]?.ok === false ? t('prevention.camera.resultNote') : ''} data-testid="prevention-round-note" />
                </Form.Item>
              </Flex>
            );
          })
        }
      </Form.List>
      <Form.Item name="note" label={t('prevention.camera.roundNote')}>
        <Input />
      </Form.Item>
    </ModalForm>
  );
};
