import { Alert, App, Checkbox, Col, DatePicker, Flex, Form, Input, Row, Select, Space, Spin, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { MethodDef } from '../../shared/method.js';
import { mediationAccept, mediationAcknowledgeFailure, mediationAddParty, mediationAddSession, mediationArchive, mediationAssign, mediationCancel, mediationDecline, mediationExtend, mediationPoolCreate, mediationRecordAgreement, mediationRecordFailure, mediationRecordFollowUp, mediationScheduleFollowUp, mediationSuggestMediators, mediationUpdate, type MediationCase } from '../../shared/mediation/contract.js';
import type { CaseAction } from '../../shared/mediation/model.js';
import { PERFORMANCE } from '../../shared/mediation/model.js';
import { errorText } from '../app/i18n.js';
import { useCan } from '../app/me.js';
import { useAction, useMethod } from '../app/query.js';
import { formatTags, POOL_PATH } from './common.js';
import { CaseFields, caseFieldsOf, ModalForm, type CaseFormValues } from './forms.js';
import { isoDate, textOrNull } from '../app/formValues.js';

/** The method behind each action: the button shows only where the role may call it. */
export const ACTION_METHOD: Record<CaseAction, MethodDef> = {
  update: mediationUpdate,
  addParty: mediationAddParty,
  accept: mediationAccept,
  decline: mediationDecline,
  assign: mediationAssign,
  addSession: mediationAddSession,
  recordAgreement: mediationRecordAgreement,
  recordFailure: mediationRecordFailure,
  acknowledgeFailure: mediationAcknowledgeFailure,
  extend: mediationExtend,
  scheduleFollowUp: mediationScheduleFollowUp,
  recordFollowUp: mediationRecordFollowUp,
  archive: mediationArchive,
  cancel: mediationCancel,
};
export const DANGER: CaseAction[] = ['decline', 'recordFailure', 'cancel'];

export const Text = ({ value, testId }: { value: string | null; testId?: string }) =>
  value ? (
    <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }} data-testid={testId}>
      {value}
    </Typography.Paragraph>
  ) : (
    <Typography.Text type="secondary">—</Typography.Text>
  );

type Values = Record<string, unknown>;

/** One action of the case, with its small form; the case's version goes with it. */
export const ActionModal = ({ c, action, onClose, onReload }: { c: MediationCase; action: CaseAction; onClose: () => void; onReload: () => void }) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const mutation = useAction(ACTION_METHOD[action]);
  const ref = { id: c.id, version: c.version };
  const partyOptions = c.parties.map((p) => ({ value: p.id, label: t('app.aside', { text: p.name, aside: t(`mediation.roles.${p.role}`) }) }));
  const allPartyIds = c.parties.map((p) => p.id);

  const submit = async (v: Values): Promise<void> => {
    let input: Values;
    switch (action) {
      case 'update': {
        let fields;
        try {
          fields = caseFieldsOf(t, form, v as CaseFormValues);
        } catch {
          return;
        }
        input = { ...ref, ...fields };
        break;
      }
      case 'accept':
      case 'archive':
        input = ref;
        break;
      case 'decline':
        input = { ...ref, reason: v.reason ?? '', refusingPartyId: v.refusingPartyId ?? null };
        break;
      case 'cancel':
        input = { ...ref, reason: v.reason ?? '' };
        break;
      case 'assign':
        input = { ...ref, mediatorIds: v.mediatorIds ?? [], chosenByParties: Boolean(v.chosenByParties) };
        break;
      case 'addSession':
        input = {
          ...ref,
          heldAt: dayjs.isDayjs(v.heldAt) ? (v.heldAt as Dayjs).format() : '',
          place: v.place ?? '',
          attendeePartyIds: v.attendeePartyIds ?? [],
          otherAttendees: textOrNull(v.otherAttendees),
          minutes: v.minutes ?? '',
          signedPartyIds: v.signedPartyIds ?? [],
          mediatorSigned: Boolean(v.mediatorSigned),
        };
        break;
      case 'recordAgreement':
        input = {
          ...ref,
          liability: textOrNull(v.liability),
          terms: v.terms ?? '',
          performanceMethod: textOrNull(v.performanceMethod),
          performancePlace: textOrNull(v.performancePlace),
          performanceDueDate: isoDate(v.performanceDueDate),
        };
        break;
      case 'recordFailure':
        input = { ...ref, feedback: v.feedback ?? '', refusingPartyId: v.refusingPartyId ?? null };
        break;
      case 'acknowledgeFailure':
        input = { ...ref, note: textOrNull(v.note) };
        break;
      case 'extend':
        input = { ...ref, reason: v.reason ?? '', consentPartyIds: v.consentPartyIds ?? [], consentNote: textOrNull(v.consentNote), ...(isoDate(v.until) ? { until: isoDate(v.until) } : {}) };
        break;
      case 'scheduleFollowUp':
        input = { ...ref, date: isoDate(v.date) ?? '' };
        break;
      case 'recordFollowUp':
        // a failed case has no agreement whose performance a visit would check
        input = { ...ref, ...(v.followUpId ? { followUpId: v.followUpId } : {}), ...(c.status === 'failed' ? {} : { performance: v.performance }), notes: v.notes ?? '' };
        break;
      default:
        input = ref;
    }
    await mutation.mutateAsync(input as never);
    void message.success({ key: 'mediation-action', content: t('mediation.case.done') });
    onClose();
  };

  let body: ReactNode = null;
  const area = (name: string, label: string, rows = 3, autoFocus = false, max = 2000) => (
    <Form.Item name={name} label={label}>
      <Input.TextArea autoFocus={autoFocus} autoSize={{ minRows: rows, maxRows: 10 }} maxLength={max} data-testid={`f-${name}`} />
    </Form.Item>
  );
  const line = (name: string, label: string, autoFocus = false, max = 500) => (
    <Form.Item name={name} label={label}>
      <Input autoFocus={autoFocus} maxLength={max} data-testid={`f-${name}`} />
    </Form.Item>
  );
  const parties = (name: string, label: string, initial?: string[]) => (
    <Form.Item name={name} label={label} initialValue={initial}>
      <Checkbox.Group options={partyOptions} data-testid={`f-${name}`} />
    </Form.Item>
  );
  switch (action) {
    case 'update':
      body = <CaseFields autoFocus />;
      break;
    case 'accept':
      body = <Typography.Paragraph>{t('mediation.act.acceptConfirm')}</Typography.Paragraph>;
      break;
    case 'archive':
      body = <Typography.Paragraph>{t('mediation.act.archiveConfirm')}</Typography.Paragraph>;
      break;
    case 'decline':
      body = (
        <>
          {line('reason', t('mediation.act.reason'), true)}
          <Form.Item name="refusingPartyId" label={t('mediation.act.refusingParty')}>
            <Select allowClear options={partyOptions} />
          </Form.Item>
        </>
      );
      break;
    case 'cancel':
      body = line('reason', t('mediation.act.reason'), true);
      break;
    case 'assign':
      body = <AssignFields c={c} />;
      break;
    case 'addSession':
      body = (
        <>
          <Row gutter={12}>
            <Col span={10}>
              <Form.Item name="heldAt" label={t('mediation.act.heldAt')} initialValue={dayjs()}>
                <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} data-testid="f-heldAt" />
              </Form.Item>
            </Col>
            <Col span={14}>
              <Form.Item name="place" label={t('mediation.act.sessionPlace')}>
                <Input autoFocus maxLength={120} data-testid="f-place" />
              </Form.Item>
            </Col>
          </Row>
          {parties('attendeePartyIds', t('mediation.act.attendees'), allPartyIds)}
          {line('otherAttendees', t('mediation.act.otherAttendees'))}
          {area('minutes', t('mediation.act.minutes'), 5, false, 20000)}
          {parties('signedPartyIds', t('mediation.act.signedParties'))}
          <Form.Item name="mediatorSigned" valuePropName="checked">
            <Checkbox data-testid="f-mediatorSigned">{t('mediation.act.mediatorSigned')}</Checkbox>
          </Form.Item>
        </>
      );
      break;
    case 'recordAgreement':
      body = (
        <>
          {area('terms', t('mediation.act.terms'), 4, true, 8000)}
          {area('liability', t('mediation.act.liability'), 2)}
          <Row gutter={12}>
            <Col span={12}>{line('performanceMethod', t('mediation.act.performanceMethod'))}</Col>
            <Col span={12}>{line('performancePlace', t('mediation.act.performancePlace'), false, 200)}</Col>
          </Row>
          <Form.Item name="performanceDueDate" label={t('mediation.act.performanceDueDate')}>
            <DatePicker data-testid="f-performanceDueDate" />
          </Form.Item>
        </>
      );
      break;
    case 'recordFailure':
      body = (
        <>
          {area('feedback', t('mediation.act.feedback'), 3, true)}
          <Form.Item name="refusingPartyId" label={t('mediation.act.refusingParty')}>
            <Select allowClear options={partyOptions} />
          </Form.Item>
        </>
      );
      break;
    case 'acknowledgeFailure':
      body = (
        <>
          <Alert type="error" showIcon title={c.failure?.feedback ?? ''} style={{ marginBottom: 12, whiteSpace: 'pre-wrap' }} />
          {area('note', t('mediation.act.note'), 2, true, 500)}
        </>
      );
      break;
    case 'extend':
      body = (
        <>
          {line('reason', t('mediation.act.reason'), true)}
          {parties('consentPartyIds', t('mediation.act.consentParties'))}
          {line('consentNote', t('mediation.act.consentNote'))}
          <Form.Item name="until" label={t('mediation.act.until')}>
            <DatePicker />
          </Form.Item>
        </>
      );
      break;
    case 'scheduleFollowUp':
      body = (
        <Form.Item name="date" label={t('mediation.act.date')} initialValue={dayjs().add(7, 'day')}>
          <DatePicker autoFocus data-testid="f-date" />
        </Form.Item>
      );
      break;
    case 'recordFollowUp': {
      const pending = c.followUps.filter((f) => !f.doneAt);
      body = (
        <>
          {pending.length > 0 && (
            <Form.Item name="followUpId" label={t('mediation.act.followUp')} initialValue={pending[0].id}>
              <Select allowClear options={pending.map((f) => ({ value: f.id, label: f.scheduledDate }))} />
            </Form.Item>
          )}
          {c.status !== 'failed' && (
            <Form.Item name="performance" label={t('mediation.act.performance')} initialValue="full">
              <Select autoFocus options={PERFORMANCE.map((p) => ({ value: p, label: t(`mediation.performance.${p}`) }))} data-testid="f-performance" />
            </Form.Item>
          )}
          {area('notes', t('mediation.act.notes'), 3, c.status === 'failed')}
        </>
      );
      break;
    }
  }
  const initialValues: Values | undefined =
    action === 'update'
      ? {
          type: c.type,
          place: c.place,
          addressId: c.addressId,
          facts: c.facts,
          matters: c.matters ?? undefined,
          evidence: c.evidence ?? undefined,
          investigation: c.investigation ?? undefined,
          tagsText: formatTags(t, c.tags),
        }
      : undefined;

  return (
    <ModalForm<Values>
      open
      title={`${t(`mediation.act.${action}`)} · ${c.caseNo}`}
      form={form}
      onCancel={onClose}
      onSubmit={submit}
      testId={`form-${action}`}
      width={action === 'update' || action === 'addSession' || action === 'assign' ? 760 : 560}
      danger={DANGER.includes(action)}
      okText={t(`mediation.act.${action}`)}
      onReload={onReload}
      initialValues={initialValues}
    >
      {body}
    </ModalForm>
  );
};

/** The pool ranked for this case: specialty, load and success rate shown, the best fit first. */
const AssignFields = ({ c }: { c: MediationCase }) => {
  const { t } = useTranslation();
  const suggestions = useMethod(mediationSuggestMediators, { id: c.id });
  const initial = c.assignments.map((a) => a.mediatorId);
  if (suggestions.error) return <Alert type="error" showIcon title={errorText(t, suggestions.error)} />;
  if (!suggestions.data) return <Spin />;
  if (suggestions.data.length === 0) return <PoolEmpty />;
  return (
    <>
      <Typography.Text type="secondary">{t('mediation.act.suggestions')}</Typography.Text>
      <Form.Item name="mediatorIds" initialValue={initial.length ? initial : suggestions.data.slice(0, 1).map((s) => s.mediatorId)}>
        <Checkbox.Group style={{ width: '100%' }}>
          <Flex vertical gap={6} style={{ width: '100%' }}>
            {suggestions.data.map((s, i) => (
              <div key={s.mediatorId} data-testid={`suggest-${s.name}`}>
              <Checkbox value={s.mediatorId} autoFocus={i === 0}>
                <Space size={6} wrap>
                  <Typography.Text strong>{s.name}</Typography.Text>
                  <Tag>{s.score}</Tag>
                  {s.specialtyMatch && <Tag color="blue">{t('mediation.act.specialtyMatch')}</Tag>}
                  <Tag color={s.availability === 'available' ? 'green' : 'orange'}>{t(`mediation.availability.${s.availability}`)}</Tag>
                  <span>{t('mediation.act.load', { n: s.load })}</span>
                  <span>{s.successRate === null ? t('mediation.act.noRate') : t('mediation.act.successRate', { rate: `${Math.round(s.successRate * 100)}%` })}</span>
                  {s.alreadyAssigned && <Tag>{t('mediation.act.assigned')}</Tag>}
                </Space>
              </Checkbox>
              </div>
            ))}
          </Flex>
        </Checkbox.Group>
      </Form.Item>
      <Form.Item name="chosenByParties" valuePropName="checked">
        <Checkbox>{t('mediation.act.chosenByParties')}</Checkbox>
      </Form.Item>
    </>
  );
};

/** No one to assign: what to do about it, and for those who keep the pool the way there. */
const PoolEmpty = () => {
  const { t } = useTranslation();
  const can = useCan();
  const navigate = useNavigate();
  const keeper = can(mediationPoolCreate);
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="pool-empty"
      title={t('mediation.act.poolEmpty')}
      description={
        keeper ? (
          <>
            {t('mediation.act.poolEmptyKeeper')}{' '}
            <Typography.Link onClick={() => navigate(POOL_PATH)} data-testid="pool-empty-link">
              {t('mediation.act.goPool')}
            </Typography.Link>
          </>
        ) : (
          t('mediation.act.poolEmptyAsk')
        )
      }
    />
  );
};
