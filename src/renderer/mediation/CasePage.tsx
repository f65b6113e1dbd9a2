import { ArrowLeftOutlined, EditOutlined, FileTextOutlined, PlusOutlined, PrinterOutlined, ReloadOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Descriptions,
  Empty,
  Flex,
  Form,
  Input,
  List,
  Result,
  Row,
  Select,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import type { MethodDef } from '../../shared/method.js';
import {
  mediationAccept,
  mediationAcknowledgeFailure,
  mediationAddParty,
  mediationAddSession,
  mediationAgreementDocument,
  mediationArchive,
  mediationAssign,
  mediationCancel,
  mediationDecline,
  mediationExtend,
  mediationGet,
  mediationRecordAgreement,
  mediationRecordFailure,
  mediationRecordFollowUp,
  mediationScheduleFollowUp,
  mediationSuggestMediators,
  mediationUpdate,
  type MediationCase,
  type PartyView,
  type TransferredAway,
} from '../../shared/mediation/contract.js';
import type { CaseAction } from '../../shared/mediation/model.js';
import { PERFORMANCE } from '../../shared/mediation/model.js';
import { localDateTime } from '../../shared/time.js';
import { errorText } from '../app/i18n.js';
import { useCan, useMe } from '../app/me.js';
import { useAction, useMethod } from '../app/query.js';
import { agreementPath, CaseStatusTag, CaseTags, Countdown, formatTags, noticePath, RiskTag } from './common.js';
import { FilesCard } from './FilesCard.js';
import { CaseFields, caseFieldsOf, ModalForm, PartyModal, type CaseFormValues } from './forms.js';
import { useCoreNow } from './ZonePage.js';
import type { Names } from '../app/resources.js';

/** The method behind each action: the button shows only where the role may call it. */
const ACTION_METHOD: Record<CaseAction, MethodDef> = {
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
const PRIMARY: CaseAction[] = ['accept', 'assign', 'addSession', 'recordAgreement', 'acknowledgeFailure', 'recordFollowUp', 'archive'];
const DANGER: CaseAction[] = ['decline', 'recordFailure', 'cancel'];

const Text = ({ value, testId }: { value: string | null; testId?: string }) =>
  value ? (
    <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }} data-testid={testId}>
      {value}
    </Typography.Paragraph>
  ) : (
    <Typography.Text type="secondary">—</Typography.Text>
  );

export const CasePage = () => {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const query = useMethod(mediationGet, { id });
  if (query.error) return <Result status="warning" title={errorText(t, query.error)} />;
  if (!query.data) return <Spin />;
  return <CaseView c={query.data} reload={() => void query.refetch()} fetchedAt={query.dataUpdatedAt} />;
};

const CaseView = ({ c, reload, fetchedAt }: { c: MediationCase; reload: () => void; fetchedAt: number }) => {
  const { t } = useTranslation();
  const { me } = useMe();
  const can = useCan();
  const navigate = useNavigate();
  const [action, setAction] = useState<CaseAction | null>(null);
  const [party, setParty] = useState<{ p: PartyView | null } | null>(null);
  const now = useCoreNow(undefined, fetchedAt);
  const tz = me.timeZone;
  const at = (iso: string | null) => (iso ? localDateTime(iso, tz) : '—');
  const actions = c.next.filter((a) => a !== 'addParty' && can(ACTION_METHOD[a]));
  const partyName = (pid: string) => c.parties.find((p) => p.id === pid)?.name ?? '?';
  const mayEditParties = c.next.includes('addParty') && can(mediationAddParty);

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="case-page" data-case-no={c.caseNo} data-version={c.version}>
      {c.transfer && <TransferredAlert transfer={c.transfer} at={at} />}
      <Card size="small">
        <Flex align="center" gap={12} wrap>
          <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/zone/mediation')}>
            {t('mediation.case.back')}
          </Button>
          <Typography.Title level={3} style={{ margin: 0 }} data-testid="case-no">
            {c.caseNo}
          </Typography.Title>
          <CaseStatusTag status={c.status} />
          <RiskTag level={c.risk.level} score={c.risk.score} />
          <Tag>{t(`mediation.types.${c.type}`)}</Tag>
          <div style={{ flex: 1 }} />
          <Button icon={<FileTextOutlined />} onClick={() => navigate(noticePath(c.id))} data-testid="print-notice">
            {t('mediation.case.printNotice')}
          </Button>
          {c.agreement && can(mediationAgreementDocument) && (
            <Button icon={<PrinterOutlined />} onClick={() => navigate(agreementPath(c.id))} data-testid="print-agreement">
              {t('mediation.case.printAgreement')}
            </Button>
          )}
          <Button icon={<ReloadOutlined />} onClick={reload} aria-label={t('mediation.case.reload')} />
        </Flex>
      </Card>

      <Card size="small" title={t('mediation.case.actions')} data-testid="case-actions">
        {actions.length === 0 ? (
          <Typography.Text type="secondary">{t('mediation.case.noActions')}</Typography.Text>
        ) : (
          <Flex wrap gap={8}>
            {actions.map((a) => (
              <Button key={a} type={PRIMARY.includes(a) ? 'primary' : 'default'} danger={DANGER.includes(a)} onClick={() => setAction(a)} data-testid={`act-${a}`}>
                {t(`mediation.act.${a}`)}
              </Button>
            ))}
          </Flex>
        )}
      </Card>

      {c.failure && (
        <Alert
          type={c.failure.acknowledgedAt ? 'info' : 'error'}
          showIcon
          data-testid="case-failure"
          title={`${t('mediation.case.failure')} · ${c.failure.acknowledgedBy ? t('mediation.case.acknowledged', { name: c.failure.acknowledgedBy.name }) : t('mediation.case.notAcknowledged')}`}
          description={<Text value={c.failure.feedback} />}
        />
      )}
      {c.declineReason && <Alert type="warning" showIcon title={t('mediation.case.decline', { reason: c.declineReason })} />}
      {c.cancelReason && <Alert type="warning" showIcon title={t('mediation.case.cancelled', { reason: c.cancelReason })} />}

      <Row gutter={[12, 12]}>
        <Col xs={24} xl={16}>
          <Space orientation="vertical" size={12} style={{ width: '100%' }}>
            <Card size="small" title={t('mediation.case.facts')}>
              <Descriptions size="small" column={2} bordered>
                <Descriptions.Item label={t('mediation.case.source')}>
                  {t(`mediation.sources.${c.source}`)}
                  {c.referredBy ? ` · ${c.referredBy.name}` : ''}
                </Descriptions.Item>
                <Descriptions.Item label={t('mediation.case.registered')}>
                  {at(c.registeredAt)} · {c.registeredBy.name}
                </Descriptions.Item>
                <Descriptions.Item label={t('mediation.case.place')} span={2}>
                  <span data-testid="case-place-text">{c.place}</span>
                </Descriptions.Item>
                <Descriptions.Item label={t('mediation.form.facts')} span={2}>
                  <Text value={c.facts} testId="case-facts-text" />
                </Descriptions.Item>
                <Descriptions.Item label={t('mediation.form.matters')} span={2}>
                  <Text value={c.matters} />
                </Descriptions.Item>
                <Descriptions.Item label={t('mediation.form.evidence')} span={2}>
                  <Text value={c.evidence} />
                </Descriptions.Item>
                <Descriptions.Item label={t('mediation.form.investigation')} span={2}>
                  <Text value={c.investigation} />
                </Descriptions.Item>
                <Descriptions.Item label={t('mediation.form.tags')} span={2}>
                  {c.tags.length ? <CaseTags tags={c.tags} /> : '—'}
                </Descriptions.Item>
              </Descriptions>
            </Card>

            <Card
              size="small"
              title={t('mediation.party.title')}
              data-testid="case-parties"
              extra={
                mayEditParties && (
                  <Button size="small" icon={<PlusOutlined />} onClick={() => setParty({ p: null })} data-testid="act-addParty">
                    {t('mediation.act.addParty')}
                  </Button>
                )
              }
            >
              <Table<PartyView>
                size="small"
                rowKey="id"
                pagination={false}
                dataSource={c.parties}
                locale={{ emptyText: t('mediation.party.none') }}
                onRow={(p) => ({ 'data-testid': `party-row-${p.seq}` }) as React.HTMLAttributes<HTMLElement>}
                columns={[
                  { title: t('mediation.party.name'), dataIndex: 'name' },
                  { title: t('mediation.party.role'), dataIndex: 'role', render: (r: Names<'mediation.roles'>) => t(`mediation.roles.${r}`) },
                  { title: t('mediation.party.idNumber'), dataIndex: 'idNumberMasked', render: (v: string | null) => <span className="masked">{v ?? '—'}</span> },
                  { title: t('mediation.party.phone'), dataIndex: 'phoneMasked', render: (v: string | null) => v ?? '—' },
                  { title: t('mediation.party.address'), dataIndex: 'address', render: (v: string | null) => v ?? '—' },
                  { title: t('mediation.party.representative'), dataIndex: 'representative', render: (v: string | null) => v ?? '—' },
                  { title: t('mediation.party.claim'), dataIndex: 'claim', render: (v: string | null) => <Text value={v} /> },
                  ...(mayEditParties
                    ? [
                        {
                          title: '',
                          key: 'edit',
                          width: 60,
                          render: (_: unknown, p: PartyView) => (
                            <Button size="small" type="link" icon={<EditOutlined />} onClick={() => setParty({ p })} data-testid="party-edit">
                              {t('mediation.party.edit')}
                            </Button>
                          ),
                        },
                      ]
                    : []),
                ]}
              />
            </Card>

            <Card size="small" title={t('mediation.case.sessions')} data-testid="case-sessions">
              {c.sessions.length === 0 ? (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('mediation.case.noSessions')} />
              ) : (
                <List
                  size="small"
                  dataSource={c.sessions}
                  renderItem={(s) => (
                    <List.Item data-testid={`session-${s.seq}`}>
                      <Flex vertical gap={4} style={{ width: '100%' }}>
                        <Typography.Text strong>{t('mediation.case.session', { n: s.seq, at: at(s.heldAt), place: s.place })}</Typography.Text>
                        <Text value={s.minutes} testId="session-minutes" />
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {s.signedPartyIds.length > 0 && t('mediation.case.signed', { names: s.signedPartyIds.map(partyName).join('、') })}
                          {s.mediatorSigned && ` · ${t('mediation.case.mediatorSigned')}`}
                          {s.otherAttendees && ` · ${s.otherAttendees}`}
                        </Typography.Text>
                      </Flex>
                    </List.Item>
                  )}
                />
              )}
            </Card>

            <FilesCard c={c} />

            {c.agreement && (
              <Card size="small" title={t('mediation.case.agreement')} data-testid="case-agreement">
                <Descriptions size="small" column={1} bordered>
                  <Descriptions.Item label={t('mediation.act.liability')}>
                    <Text value={c.agreement.liability} />
                  </Descriptions.Item>
                  <Descriptions.Item label={t('mediation.act.terms')}>
                    <Text value={c.agreement.terms} testId="agreement-terms" />
                  </Descriptions.Item>
                  <Descriptions.Item label={t('mediation.act.performanceMethod')}>{c.agreement.performanceMethod ?? '—'}</Descriptions.Item>
                  <Descriptions.Item label={t('mediation.act.performancePlace')}>{c.agreement.performancePlace ?? '—'}</Descriptions.Item>
                  <Descriptions.Item label={t('mediation.act.performanceDueDate')}>{c.agreement.performanceDueDate ?? '—'}</Descriptions.Item>
                </Descriptions>
                <Typography.Text type="warning">{t('mediation.case.judicialDeadline', { date: c.agreement.judicialDeadline })}</Typography.Text>
              </Card>
            )}

            {c.followUps.length > 0 && (
              <Card size="small" title={t('mediation.case.followUps')} data-testid="case-followups">
                <List
                  size="small"
                  dataSource={c.followUps}
                  renderItem={(f) => (
                    <List.Item>
                      <Flex vertical>
                        <Typography.Text type={f.overdue ? 'danger' : undefined}>
                          {f.doneDate
                            ? t('mediation.case.followUpDone', { date: f.doneDate, performance: f.performance ? t(`mediation.performance.${f.performance}`) : '' })
                            : t('mediation.case.followUpScheduled', { date: f.scheduledDate })}
                        </Typography.Text>
                        {f.notes && <Text value={f.notes} />}
                      </Flex>
                    </List.Item>
                  )}
                />
              </Card>
            )}
          </Space>
        </Col>
        <Col xs={24} xl={8}>
          <Space orientation="vertical" size={12} style={{ width: '100%' }}>
            <Card size="small" title={t('mediation.case.clocks')} data-testid="case-clocks">
              <Descriptions size="small" column={1}>
                <Descriptions.Item label={t('mediation.case.accepted')}>{at(c.clocks.acceptedAt)}</Descriptions.Item>
                <Descriptions.Item label={t('mediation.case.startDue')}>
                  {at(c.clocks.startDueAt)}
                  {c.status === 'accepted' && !c.transfer && (
                    <>
                      {' '}
                      <Countdown due={c.clocks.startDueAt} now={now} overdue={c.clocks.startOverdue} />
                    </>
                  )}
                </Descriptions.Item>
                <Descriptions.Item label={t('mediation.case.started')}>{at(c.clocks.startedAt)}</Descriptions.Item>
                <Descriptions.Item label={t('mediation.case.concludeDue')}>
                  {c.clocks.concludeDueDate ?? '—'}
                  {/* a transferred case's time limits run at the station that took it */}
                  {(c.status === 'accepted' || c.status === 'mediating') && !c.transfer && (
                    <>
                      {' '}
                      <Countdown due={c.clocks.concludeDueAt} now={now} overdue={c.clocks.concludeOverdue} />
                    </>
                  )}
                </Descriptions.Item>
              </Descriptions>
              {c.clocks.extension && <Tag color="purple">{t('mediation.case.extended', { reason: c.clocks.extension.reason })}</Tag>}
            </Card>

            <Card size="small" title={t('mediation.case.risk')} data-testid="case-risk">
              <Space>
                <RiskTag level={c.risk.level} />
                <Typography.Text strong>{t('mediation.case.score', { score: c.risk.score })}</Typography.Text>
              </Space>
              {c.risk.reasons.length === 0 ? (
                <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
                  {t('mediation.case.noReasons')}
                </Typography.Paragraph>
              ) : (
                <List
                  size="small"
                  dataSource={c.risk.reasons}
                  renderItem={(r) => (
                    <List.Item data-testid={`risk-reason-${r.rule}`}>
                      <Flex vertical>
                        <Typography.Text>
                          +{r.weight} {t(`mediation.rules.${r.rule}`)}
                        </Typography.Text>
                        {r.people && r.people.length > 0 && (
                          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                            {t('mediation.case.reasonPeople', { list: r.people.join('、') })}
                          </Typography.Text>
                        )}
                        {r.cases && r.cases.length > 0 && (
                          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                            {t('mediation.case.reasonCases', { list: r.cases.map((x) => x.caseNo).join('、') })}
                          </Typography.Text>
                        )}
                        {r.hits && r.hits.length > 0 && (
                          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                            {t('mediation.case.reasonHits', { list: r.hits.map((h) => `“${h.excerpt}”`).join('；') })}
                          </Typography.Text>
                        )}
                      </Flex>
                    </List.Item>
                  )}
                />
              )}
            </Card>

            <Card size="small" title={t('mediation.case.mediators')} data-testid="case-mediators">
              {c.assignments.length === 0 ? (
                <Typography.Text type="secondary">{t('mediation.case.noMediators')}</Typography.Text>
              ) : (
                <List
                  size="small"
                  dataSource={c.assignments}
                  renderItem={(a) => (
                    <List.Item>
                      <span>
                        {a.name}
                        {a.organisation ? ` · ${a.organisation}` : ''}
                      </span>
                      {a.chosenByParties && <Tag>{t('mediation.case.chosenByParties')}</Tag>}
                    </List.Item>
                  )}
                />
              )}
            </Card>
          </Space>
        </Col>
      </Row>

      {action && <ActionModal c={c} action={action} onClose={() => setAction(null)} onReload={reload} />}
      {party && <PartyModal c={c} party={party.p} open onClose={() => setParty(null)} onReload={reload} />}
    </Space>
  );
};

/** A case that left this station through HQ: where to, when, by whom; nothing here changes it. */
const TransferredAlert = ({ transfer: tr, at }: { transfer: TransferredAway; at: (iso: string | null) => string }) => {
  const { t } = useTranslation();
  const station = tr.toStationName ? t('mediation.case.transfer.station', { name: tr.toStationName, code: tr.toStationCode }) : tr.toStationCode;
  const accepted = tr.status === 'accepted';
  return (
    <Alert
      type={accepted ? 'info' : 'warning'}
      showIcon
      data-testid="case-transferred"
      title={accepted ? t('mediation.case.transfer.accepted', { station, caseNo: tr.newCaseNo ?? '—' }) : t('mediation.case.transfer.requested', { station })}
      description={
        <>
          {t('mediation.case.transfer.asked', { by: tr.requestedBy, at: at(tr.requestedAt), reason: tr.reason })}
          {accepted && tr.acceptedAt && ` ${t('mediation.case.transfer.taken', { at: at(tr.acceptedAt) })}`}
          <br />
          <Typography.Text strong>{t(accepted ? 'mediation.case.transfer.readOnlyAccepted' : 'mediation.case.transfer.readOnlyRequested')}</Typography.Text>
        </>
      }
    />
  );
};

type Values = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v : null);
const day = (v: unknown) => (dayjs.isDayjs(v) ? (v as Dayjs).format('YYYY-MM-DD') : undefined);

/** One action of the case, with its small form; the case's version goes with it. */
const ActionModal = ({ c, action, onClose, onReload }: { c: MediationCase; action: CaseAction; onClose: () => void; onReload: () => void }) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const mutation = useAction(ACTION_METHOD[action]);
  const ref = { id: c.id, version: c.version };
  const partyOptions = c.parties.map((p) => ({ value: p.id, label: `${p.name}（${t(`mediation.roles.${p.role}`)}）` }));
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
          otherAttendees: str(v.otherAttendees),
          minutes: v.minutes ?? '',
          signedPartyIds: v.signedPartyIds ?? [],
          mediatorSigned: Boolean(v.mediatorSigned),
        };
        break;
      case 'recordAgreement':
        input = {
          ...ref,
          liability: str(v.liability),
          terms: v.terms ?? '',
          performanceMethod: str(v.performanceMethod),
          performancePlace: str(v.performancePlace),
          performanceDueDate: day(v.performanceDueDate) ?? null,
        };
        break;
      case 'recordFailure':
        input = { ...ref, feedback: v.feedback ?? '', refusingPartyId: v.refusingPartyId ?? null };
        break;
      case 'acknowledgeFailure':
        input = { ...ref, note: str(v.note) };
        break;
      case 'extend':
        input = { ...ref, reason: v.reason ?? '', consentPartyIds: v.consentPartyIds ?? [], consentNote: str(v.consentNote), ...(day(v.until) ? { until: day(v.until) } : {}) };
        break;
      case 'scheduleFollowUp':
        input = { ...ref, date: day(v.date) ?? '' };
        break;
      case 'recordFollowUp':
        input = { ...ref, ...(v.followUpId ? { followUpId: v.followUpId } : {}), performance: v.performance, notes: v.notes ?? '' };
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
          <Form.Item name="performance" label={t('mediation.act.performance')} initialValue="full">
            <Select autoFocus options={PERFORMANCE.map((p) => ({ value: p, label: t(`mediation.performance.${p}`) }))} data-testid="f-performance" />
          </Form.Item>
          {area('notes', t('mediation.act.notes'), 3)}
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
