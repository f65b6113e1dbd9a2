import { ArrowLeftOutlined, EditOutlined, FileTextOutlined, PlusOutlined, PrinterOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Descriptions, Empty, Flex, List, Row, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { mediationAddParty, mediationAgreementDocument, type MediationCase, type PartyView, type TransferredAway } from '../../shared/mediation/contract.js';
import type { CaseAction } from '../../shared/mediation/model.js';
import { excerptsOf } from '../../shared/mediation/risk.js';
import { localDateTime } from '../../shared/time.js';
import { listText } from '../app/messages.js';
import { useCan, useMe } from '../app/me.js';
import { agreementPath, CaseStatusTag, CaseTags, Countdown, noticePath, RiskTag } from './common.js';
import { FilesCard } from './FilesCard.js';
import { PartyModal } from './forms.js';
import { useCoreNow } from './ZonePage.js';
import { ACTION_METHOD, ActionModal, DANGER, Text } from './ActionModal.js';
import type { Names } from '../app/resources.js';

const PRIMARY: CaseAction[] = ['accept', 'assign', 'addSession', 'recordAgreement', 'acknowledgeFailure', 'recordFollowUp', 'archive'];

export const CaseView = ({ c, reload, fetchedAt }: { c: MediationCase; reload: () => void; fetchedAt: number }) => {
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
                          {s.signedPartyIds.length > 0 && t('mediation.case.signed', { names: listText(t, s.signedPartyIds.map(partyName)) })}
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
                            ? f.performance
                              ? t('mediation.case.followUpDone', { date: f.doneDate, performance: t(`mediation.performance.${f.performance}`) })
                              : t('mediation.case.followUpVisited', { date: f.doneDate })
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
                            {t('mediation.case.reasonPeople', { list: listText(t, r.people) })}
                          </Typography.Text>
                        )}
                        {r.cases && r.cases.length > 0 && (
                          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                            {t('mediation.case.reasonCases', { list: listText(t, r.cases.map((x) => x.caseNo)) })}
                          </Typography.Text>
                        )}
                        {r.hits && r.hits.length > 0 && (
                          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                            {t('mediation.case.reasonHits', { list: excerptsOf(r.hits).map((h) => t('app.quoted', { text: h.excerpt })).join(t('app.clauseSeparator')) })}
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
