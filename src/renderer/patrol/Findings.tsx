import { Alert, App, Button, DatePicker, Descriptions, Flex, Form, Input, List, Select, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { collectionAppointmentCreate } from '../../shared/collection/contract.js';
import { mayOpenCaseFrom } from '../../shared/mediation/contract.js';
import { DISPUTE_TYPES } from '../../shared/mediation/model.js';
import { patrolFindingToAppointment, patrolFindingToLog, patrolFindingToMediation, type Finding, type PatrolView } from '../../shared/patrol/contract.js';
import type { InputOf } from '../../shared/method.js';
import { displayShiftName } from '../../shared/roster/shiftNames.js';
import { localDateTime, localTime } from '../../shared/time.js';
import { errorText } from '../app/i18n.js';
import { useCan, useMe } from '../app/me.js';
import { ModalForm } from '../app/ModalForm.js';
import { useAction } from '../app/query.js';
import { useCollectorOptions, visitWindow } from '../collection/AppointmentForm.js';
import { RoomPicker } from '../collection/RoomPicker.js';
import { casePath } from '../mediation/common.js';
import { PartiesList } from '../mediation/forms.js';

/** The record a finding became, once the view is back from the core. */
const outcomeOf = (view: PatrolView, findingId: string) => view.findings.find((f) => f.id === findingId)?.outcome ?? null;

/**
 * A patrol's findings, each with what it can become: a duty-log entry, a collection visit, a
 * mediation case. A button shows only for a role the core lets do it (the other zone's own rule
 * included); a finding already dealt with says what it became.
 */
export const FindingsList = ({ patrol }: { patrol: PatrolView }) => {
  const { t, i18n } = useTranslation();
  const { me } = useMe();
  const can = useCan();
  const navigate = useNavigate();
  const toLog = useAction(patrolFindingToLog);
  const [error, setError] = useState<unknown>(null);
  const [visiting, setVisiting] = useState<Finding | null>(null);
  const [referring, setReferring] = useState<Finding | null>(null);
  const mayLog = can(patrolFindingToLog);
  const mayVisit = can(patrolFindingToAppointment) && can(collectionAppointmentCreate);
  const mayRefer = can(patrolFindingToMediation) && mayOpenCaseFrom(me.role, 'referral');
  const run = (fn: () => Promise<unknown>) => {
    setError(null);
    fn().catch(setError);
  };
  if (patrol.findings.length === 0) return null;
  return (
    <>
      {error ? <Alert type="error" showIcon title={errorText(t, error)} style={{ margin: '8px 0' }} data-testid="patrol-finding-error" /> : null}
      <List
        size="small"
        data-testid="patrol-findings"
        dataSource={patrol.findings}
        renderItem={(f) => (
          <List.Item
            data-testid="patrol-finding"
            actions={
              f.outcome
                ? [
                    <Tag key="o" data-testid="patrol-finding-outcome">
                      {t(`patrol.patrol.outcome.${f.outcome.kind}`, { label: f.outcome.kind === 'dutyLog' ? displayShiftName(f.outcome.label, i18n.language) : f.outcome.label })}
                    </Tag>,
                    f.outcome.kind === 'mediation' && (
                      <Button key="case" size="small" type="link" onClick={() => navigate(casePath(f.outcome!.refId))} data-testid="patrol-finding-case">
                        {t('patrol.finding.openCase')}
                      </Button>
                    ),
                  ].filter(Boolean)
                : [
                    mayLog && (
                      <Button key="log" size="small" data-testid="patrol-finding-to-log" onClick={() => run(() => toLog.mutateAsync({ id: f.id, version: f.version, followUp: false }))}>
                        {t('patrol.patrol.toLog')}
                      </Button>
                    ),
                    mayLog && (
                      <Button key="follow" size="small" onClick={() => run(() => toLog.mutateAsync({ id: f.id, version: f.version, followUp: true }))}>
                        {t('patrol.patrol.toLogFollowUp')}
                      </Button>
                    ),
                    mayVisit && (
                      <Button key="visit" size="small" data-testid="patrol-finding-to-appointment" onClick={() => setVisiting(f)}>
                        {t('patrol.finding.toAppointment')}
                      </Button>
                    ),
                    mayRefer && (
                      <Button key="case" size="small" data-testid="patrol-finding-to-mediation" onClick={() => setReferring(f)}>
                        {t('patrol.finding.toMediation')}
                      </Button>
                    ),
                  ].filter(Boolean)
            }
          >
            {localTime(f.at, me.timeZone)} {t('app.labelled', { label: f.place, value: f.text })}
          </List.Item>
        )}
      />
      {visiting && <AppointmentModal finding={visiting} onClose={() => setVisiting(null)} />}
      {referring && <MediationModal finding={referring} onClose={() => setReferring(null)} />}
    </>
  );
};

/** Where and when the finding was made, and what was found: the facts the other zone's record starts from. */
const FindingFacts = ({ finding }: { finding: Finding }) => {
  const { t } = useTranslation();
  const { me } = useMe();
  return (
    <Descriptions size="small" column={1} bordered style={{ marginBottom: 12 }} data-testid="patrol-finding-facts">
      <Descriptions.Item label={t('patrol.finding.at')}>
        {localDateTime(finding.at, me.timeZone)} · {finding.recordedBy}
      </Descriptions.Item>
      <Descriptions.Item label={t('patrol.finding.place')}>{finding.place}</Descriptions.Item>
      <Descriptions.Item label={t('patrol.finding.text')}>{finding.text}</Descriptions.Item>
    </Descriptions>
  );
};

interface AppointmentValues {
  addressId?: string;
  start?: Dayjs;
  end?: Dayjs;
  collectorId?: string;
  note?: string;
}

/** A visit by the collection zone to the room the finding concerns (a newcomer not registered, a flat let out). */
const AppointmentModal = ({ finding, onClose }: { finding: Finding; onClose: () => void }) => {
  const { t } = useTranslation();
  const { me } = useMe();
  const { message } = App.useApp();
  const [form] = Form.useForm<AppointmentValues>();
  const book = useAction(patrolFindingToAppointment);
  const collectors = useCollectorOptions();
  return (
    <ModalForm<AppointmentValues>
      open
      width={720}
      form={form}
      testId="patrol-appointment-form"
      title={t('patrol.finding.toAppointment')}
      okText={t('patrol.finding.book')}
      onCancel={onClose}
      initialValues={{ ...visitWindow(), collectorId: me.staffId, note: finding.text.slice(0, 200) }}
      onSubmit={async (v) => {
        const view = await book.mutateAsync({
          id: finding.id,
          version: finding.version,
          addressId: v.addressId ?? '',
          startAt: v.start?.format() ?? '',
          endAt: v.end?.format() ?? '',
          collectorId: v.collectorId ?? '',
          note: v.note ?? null,
        });
        void message.success(t('patrol.finding.booked', { label: outcomeOf(view, finding.id)?.label ?? '' }));
        onClose();
      }}
    >
      <FindingFacts finding={finding} />
      <Form.Item name="addressId" label={t('collection.appointments.address')}>
        <RoomPicker near={finding.addressId} testId="patrol-appointment-room" />
      </Form.Item>
      <Flex gap={12}>
        <Form.Item name="start" label={t('collection.appointments.start')} style={{ flex: 1 }}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="end" label={t('collection.appointments.end')} style={{ flex: 1 }}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="collectorId" label={t('collection.appointments.collector')} style={{ flex: 1 }}>
          <Select options={collectors} />
        </Form.Item>
      </Flex>
      <Form.Item name="note" label={t('collection.appointments.note')}>
        <Input maxLength={200} />
      </Form.Item>
    </ModalForm>
  );
};

type ReferInput = InputOf<typeof patrolFindingToMediation>;

interface MediationValues {
  type?: ReferInput['type'];
  parties?: Omit<ReferInput['parties'][number], 'tags'>[];
}

/**
 * The finding referred to mediation (Art. 18): the case opens with the finding's place and facts,
 * referred by whoever refers it, and the page moves to the case, where the mediation zone goes on.
 */
const MediationModal = ({ finding, onClose }: { finding: Finding; onClose: () => void }) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<MediationValues>();
  const refer = useAction(patrolFindingToMediation);
  return (
    <ModalForm<MediationValues>
      open
      width={760}
      form={form}
      testId="patrol-mediation-form"
      title={t('patrol.finding.toMediation')}
      okText={t('patrol.finding.refer')}
      onCancel={onClose}
      onSubmit={async (v) => {
        const view = await refer.mutateAsync({
          id: finding.id,
          version: finding.version,
          // left empty, the core names the field
          type: v.type as ReferInput['type'],
          parties: (v.parties ?? []).map((p) => ({ ...p, tags: [] })),
        });
        const outcome = outcomeOf(view, finding.id);
        onClose();
        if (outcome) {
          void message.success(t('mediation.walkIns.opened', { caseNo: outcome.label }));
          navigate(casePath(outcome.refId));
        }
      }}
    >
      <FindingFacts finding={finding} />
      <Form.Item name="type" label={t('mediation.form.type')}>
        <Select
          autoFocus
          data-testid="patrol-mediation-type"
          showSearch={{ optionFilterProp: 'label' }}
          options={DISPUTE_TYPES.map((d) => ({ value: d, label: t(`mediation.types.${d}`) }))}
        />
      </Form.Item>
      <PartiesList testIdPrefix="patrol" />
    </ModalForm>
  );
};
