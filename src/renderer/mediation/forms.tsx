import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { App, AutoComplete, Button, Card, Col, DatePicker, Form, Input, Row, Select, Typography, type FormInstance } from 'antd';
import { useState } from 'react';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ID_TYPES } from '../../shared/checks/idNumber.js';
import type { WalkIn } from '../../shared/intake/contract.js';
import { mediationAddParty, mediationOpenCase, mediationUpdateParty, type MediationCase, type PartyView } from '../../shared/mediation/contract.js';
import { CASE_SOURCES, DISPUTE_TYPES, PARTY_ROLES } from '../../shared/mediation/model.js';
import { useMe } from '../app/me.js';
import { useAction, useMethod } from '../app/query.js';
import { useAddressHits } from '../collection/RoomPicker.js';
import { staffDirectory } from '../../shared/staff/contract.js';
import { casePath, isStale, parseTags } from './common.js';
import { ModalForm as SharedModalForm, type ModalFormProps } from '../app/ModalForm.js';

/** The shared form in a modal, plus the mediation case's stale-version line with a reload button. */
export const ModalForm = <V extends object>({ onReload, ...props }: ModalFormProps<V> & { onReload?: () => void }) => {
  const { t } = useTranslation();
  return (
    <SharedModalForm
      {...props}
      renderError={(error) =>
        isStale(error) ? (
          <Typography.Paragraph type="danger" style={{ textAlign: 'left' }} data-testid="stale-error">
            {t('mediation.case.stale')}{' '}
            {onReload && (
              <Button size="small" onClick={onReload} data-testid="stale-reload">
                {t('mediation.case.reload')}
              </Button>
            )}
          </Typography.Paragraph>
        ) : undefined
      }
    />
  );
};

/** The fields of one party, under `prefix` (["party"] or ["parties", 0]). */
/** A case's parties, one card each: the applicant first, a respondent added with each click. */
export const PartiesList = ({ testIdPrefix }: { testIdPrefix: string }) => {
  const { t } = useTranslation();
  return (
    <Form.List name="parties" initialValue={[{ role: 'applicant', idType: 'resident' }]}>
      {(list, { add, remove }) => (
        <>
          {list.map((field, i) => (
            <Card
              key={field.key}
              size="small"
              style={{ marginBottom: 8 }}
              title={`${t('mediation.form.parties')} ${i + 1}`}
              data-testid={`${testIdPrefix}-party-${i}`}
              extra={list.length > 1 && <Button type="text" icon={<MinusCircleOutlined />} onClick={() => remove(field.name)} />}
            >
              <PartyFields prefix={[field.name]} />
            </Card>
          ))}
          <Button icon={<PlusOutlined />} onClick={() => add({ role: 'respondent', idType: 'resident' })} data-testid={`${testIdPrefix}-party-add`}>
            {t('mediation.form.addParty')}
          </Button>
        </>
      )}
    </Form.List>
  );
};

export const PartyFields = ({ prefix, autoFocus, keepHint }: { prefix: (string | number)[]; autoFocus?: boolean; keepHint?: PartyView }) => {
  const { t } = useTranslation();
  const tid = (f: string) => `party-${f}`;
  return (
    <Row gutter={12}>
      <Col span={8}>
        <Form.Item name={[...prefix, 'name']} label={t('mediation.party.name')}>
          <Input autoFocus={autoFocus} data-testid={tid('name')} maxLength={50} />
        </Form.Item>
      </Col>
      <Col span={6}>
        <Form.Item name={[...prefix, 'role']} label={t('mediation.party.role')} initialValue="respondent">
          <Select data-testid={tid('role')} options={PARTY_ROLES.map((r) => ({ value: r, label: t(`mediation.roles.${r}`) }))} />
        </Form.Item>
      </Col>
      <Col span={10}>
        <Form.Item name={[...prefix, 'phone']} label={t('mediation.party.phone')} extra={keepHint?.phoneMasked ?? undefined}>
          <Input data-testid={tid('phone')} maxLength={20} />
        </Form.Item>
      </Col>
      <Col span={8}>
        <Form.Item name={[...prefix, 'idType']} label={t('mediation.party.idType')} initialValue="resident">
          <Select data-testid={tid('idType')} options={ID_TYPES.map((v) => ({ value: v, label: t(`intake.idTypes.${v}`) }))} />
        </Form.Item>
      </Col>
      <Col span={16}>
        <Form.Item name={[...prefix, 'idNumber']} label={t('mediation.party.idNumber')} extra={keepHint?.idNumberMasked ?? undefined}>
          <Input data-testid={tid('idNumber')} maxLength={30} autoComplete="off" />
        </Form.Item>
      </Col>
      <Col span={14}>
        <Form.Item name={[...prefix, 'address']} label={t('mediation.party.address')}>
          <Input data-testid={tid('address')} maxLength={120} />
        </Form.Item>
      </Col>
      <Col span={10}>
        <Form.Item name={[...prefix, 'representative']} label={t('mediation.party.representative')}>
          <Input data-testid={tid('representative')} maxLength={100} />
        </Form.Item>
      </Col>
      <Col span={24}>
        <Form.Item name={[...prefix, 'claim']} label={t('mediation.party.claim')}>
          <Input.TextArea data-testid={tid('claim')} autoSize={{ minRows: 1, maxRows: 4 }} maxLength={2000} />
        </Form.Item>
      </Col>
    </Row>
  );
};

/**
 * Where the dispute happened: typed freely, or picked from the collection zone's standard
 * addresses as one types (then the case carries the address id, and repeated disputes at one
 * address are found however the place is written). Typing on after a pick drops the address.
 */
const PlaceField = () => {
  const { t } = useTranslation();
  const form = Form.useFormInstance<CaseFormValues>();
  const [q, setQ] = useState('');
  const addressId = Form.useWatch('addressId', form);
  const hits = useAddressHits(q);
  const mayLook = hits.mayLook;
  // the place is the text: the address's id rides along with the option
  const options = hits.options.map((h) => ({ value: h.label, label: h.label, addressId: h.value }));
  return (
    <>
      <Form.Item name="addressId" hidden>
        <Input />
      </Form.Item>
      <Form.Item
        name="place"
        label={t('mediation.form.place')}
        extra={addressId ? <span data-testid="case-place-standard">{t('mediation.form.placeStandard')}</span> : mayLook ? t('mediation.form.placeHint') : undefined}
      >
        <AutoComplete
          options={options}
          onSearch={setQ}
          onSelect={(_: string, option: { addressId?: string | null }) => form.setFieldValue('addressId', option.addressId ?? null)}
          onChange={(value: string) => {
            if (addressId && !options.some((o) => o.value === value)) form.setFieldValue('addressId', null);
          }}
        >
          <Input data-testid="case-place" maxLength={120} />
        </AutoComplete>
      </Form.Item>
    </>
  );
};

const CaseFields = ({ autoFocus }: { autoFocus?: boolean }) => {
  const { t } = useTranslation();
  return (
    <>
      <Row gutter={12}>
        <Col span={8}>
          <Form.Item name="type" label={t('mediation.form.type')}>
            <Select
              autoFocus={autoFocus}
              data-testid="case-type"
              showSearch={{ optionFilterProp: 'label' }}
              options={DISPUTE_TYPES.map((v) => ({ value: v, label: t(`mediation.types.${v}`) }))}
            />
          </Form.Item>
        </Col>
        <Col span={16}>
          <PlaceField />
        </Col>
      </Row>
      <Form.Item name="facts" label={t('mediation.form.facts')}>
        <Input.TextArea data-testid="case-facts" autoSize={{ minRows: 2, maxRows: 6 }} maxLength={4000} />
      </Form.Item>
      <Form.Item name="matters" label={t('mediation.form.matters')}>
        <Input.TextArea data-testid="case-matters" autoSize={{ minRows: 1, maxRows: 4 }} maxLength={2000} />
      </Form.Item>
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item name="evidence" label={t('mediation.form.evidence')}>
            <Input.TextArea data-testid="case-evidence" autoSize={{ minRows: 1, maxRows: 4 }} maxLength={2000} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="investigation" label={t('mediation.form.investigation')}>
            <Input.TextArea data-testid="case-investigation" autoSize={{ minRows: 1, maxRows: 4 }} maxLength={4000} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="tagsText" label={t('mediation.form.tags')} extra={t('mediation.form.tagsHint')}>
        <Input data-testid="case-tags" />
      </Form.Item>
    </>
  );
};

export interface CaseFormValues {
  type?: string;
  place?: string;
  addressId?: string | null;
  facts?: string;
  matters?: string;
  evidence?: string;
  investigation?: string;
  tagsText?: string;
  source?: string;
  referredById?: string;
  referredAt?: Dayjs;
  walkInParty?: { role?: string; claim?: string; address?: string };
  parties?: Record<string, unknown>[];
}

/** The case's own fields as the contract takes them; the tags typed as text. */
export const caseFieldsOf = (t: Parameters<typeof parseTags>[0], form: FormInstance, v: CaseFormValues) => {
  const tags = parseTags(t, v.tagsText);
  if (!tags) {
    form.setFields([{ name: 'tagsText', errors: [t('mediation.form.tagsBad')] }]);
    throw Object.assign(new Error('tags'), { handled: true });
  }
  return {
    type: v.type,
    place: v.place ?? '',
    addressId: v.addressId || null,
    facts: v.facts ?? '',
    matters: v.matters || null,
    evidence: v.evidence || null,
    investigation: v.investigation || null,
    tags,
  };
};

export { CaseFields };

/** Opens a case: from a walk-in routed to mediation (the visitor is the first party), or directly. */
export const NewCaseModal = ({ open, walkIn, onClose }: { open: boolean; walkIn: WalkIn | null; onClose: () => void }) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<CaseFormValues>();
  const openCase = useAction(mediationOpenCase);
  const { me } = useMe();
  const source = Form.useWatch('source', form);
  // the duty officer's referral (Art. 18): police officers and the head refer, and by default the one at the keyboard
  const directory = useMethod(staffDirectory, {}, { enabled: !walkIn });
  const officers = (directory.data ?? []).filter((s) => s.role === 'officer' || s.role === 'head').map((s) => ({ value: s.id, label: s.name }));
  const submit = async (v: CaseFormValues) => {
    let fields;
    try {
      fields = caseFieldsOf(t, form, v);
    } catch {
      return;
    }
    const input = walkIn
      ? { source: 'walkIn', walkInId: walkIn.id, walkInParty: { role: v.walkInParty?.role ?? 'applicant', claim: v.walkInParty?.claim || null, address: v.walkInParty?.address || null, tags: [] }, ...fields }
      : {
          source: v.source ?? 'direct',
          ...(v.source === 'referral'
            ? { referredById: v.referredById, referredAt: dayjs.isDayjs(v.referredAt) ? v.referredAt.format() : undefined }
            : {}),
          ...fields,
          parties: (v.parties ?? []).map((p) => ({ ...p, tags: [] })),
        };
    const created: MediationCase = await openCase.mutateAsync(input as never);
    void message.success(t('mediation.walkIns.opened', { caseNo: created.caseNo }));
    onClose();
    navigate(casePath(created.id));
  };
  return (
    <ModalForm<CaseFormValues>
      open={open}
      title={walkIn ? t('mediation.form.fromWalkIn', { name: walkIn.visitorName }) : t('mediation.form.newTitle')}
      form={form}
      onCancel={onClose}
      onSubmit={submit}
      testId="new-case"
      width={760}
    >
      <CaseFields autoFocus />
      {walkIn ? (
        <Card size="small" title={t('mediation.form.firstParty', { name: walkIn.visitorName })}>
          <Row gutter={12}>
            <Col span={8}>
              <Form.Item name={['walkInParty', 'role']} label={t('mediation.party.role')} initialValue="applicant">
                <Select options={PARTY_ROLES.map((r) => ({ value: r, label: t(`mediation.roles.${r}`) }))} />
              </Form.Item>
            </Col>
            <Col span={16}>
              <Form.Item name={['walkInParty', 'address']} label={t('mediation.party.address')}>
                <Input maxLength={120} />
              </Form.Item>
            </Col>
            <Col span={24}>
              <Form.Item name={['walkInParty', 'claim']} label={t('mediation.party.claim')}>
                <Input.TextArea data-testid="walkin-claim" autoSize={{ minRows: 1, maxRows: 3 }} maxLength={2000} />
              </Form.Item>
            </Col>
          </Row>
        </Card>
      ) : (
        <>
          <Row gutter={12}>
            <Col span={8}>
              <Form.Item name="source" label={t('mediation.form.source')} initialValue="direct">
                <Select
                  data-testid="case-source"
                  options={CASE_SOURCES.filter((s) => s !== 'walkIn').map((s) => ({ value: s, label: t(`mediation.sources.${s}`) }))}
                />
              </Form.Item>
            </Col>
            {source === 'referral' && (
              <>
                <Col span={8}>
                  <Form.Item name="referredById" label={t('mediation.form.referredBy')} initialValue={officers.some((o) => o.value === me.staffId) ? me.staffId : undefined}>
                    <Select data-testid="case-referredBy" showSearch={{ optionFilterProp: 'label' }} options={officers} />
                  </Form.Item>
                </Col>
                <Col span={8}>
                  <Form.Item name="referredAt" label={t('mediation.form.referredAt')} initialValue={dayjs()}>
                    <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} data-testid="case-referredAt" />
                  </Form.Item>
                </Col>
              </>
            )}
          </Row>
          <PartiesList testIdPrefix="new" />
        </>
      )}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('mediation.form.enterHint')}
      </Typography.Text>
    </ModalForm>
  );
};

/** Adds a party, or corrects one (the ID number and phone typed again: the case shows them masked). */
export const PartyModal = ({
  c,
  party,
  open,
  onClose,
  onReload,
}: {
  c: MediationCase;
  party: PartyView | null;
  open: boolean;
  onClose: () => void;
  onReload: () => void;
}) => {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ party: Record<string, unknown> }>();
  const add = useAction(mediationAddParty);
  const update = useAction(mediationUpdateParty);
  const initialValues = {
    party: party
      ? { name: party.name, role: party.role, idType: party.idType, address: party.address, representative: party.representative, claim: party.claim }
      : { role: 'respondent', idType: 'resident' },
  };
  const submit = async (v: { party: Record<string, unknown> }) => {
    const p = { ...v.party, tags: party?.tags ?? [] };
    if (party) await update.mutateAsync({ id: c.id, version: c.version, partyId: party.id, party: p } as never);
    else await add.mutateAsync({ id: c.id, version: c.version, party: p } as never);
    onClose();
  };
  return (
    <ModalForm
      open={open}
      title={party ? t('mediation.party.editTitle') : t('mediation.party.addTitle')}
      form={form}
      onCancel={onClose}
      onSubmit={submit}
      testId="party-form"
      width={680}
      onReload={onReload}
      initialValues={initialValues}
    >
      <PartyFields prefix={['party']} autoFocus keepHint={party ?? undefined} />
    </ModalForm>
  );
};
