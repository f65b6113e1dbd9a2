import { App, Col, DatePicker, Form, Input, Row, Select, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ID_TYPES, parseResidentId } from '../../shared/checks/idNumber.js';
import { collectionMoveOut, collectionResidentCreate, collectionResidentUpdate, collectionResidents, type Resident } from '../../shared/collection/contract.js';
import { CATEGORIES, RELATIONS, RESIDENT_CODED, SOURCES, TENANCIES, VERIFICATIONS } from '../../shared/collection/model.js';
import { normaliseIdentifier } from '../../shared/checks/identifier.js';
import { ModalForm } from '../app/ModalForm.js';
import { useCan, useMe } from '../app/me.js';
import { useAction, useMethod } from '../app/query.js';
import { isoDate } from '../app/formValues.js';

// ───────────── people ─────────────

/** Birth date and sex as the ID number gives them, shown while typing. */
const IdInfo = ({ idType, idNumber }: { idType?: string; idNumber?: string }) => {
  const { t } = useTranslation();
  if (idType !== 'resident' || !idNumber) return null;
  const r = parseResidentId(normaliseIdentifier(idNumber), dayjs().format('YYYY-MM-DD'));
  if (!r.ok) return null;
  return (
    <Typography.Text type="success" data-testid="id-info">
      {t('collection.resident.idInfo', { birthDate: r.value.birthDate, sex: t(`collection.resident.${r.value.sex}`) })}
    </Typography.Text>
  );
};

export const ResidentForm = ({
  addressId,
  resident,
  onClose,
  onSaved,
}: {
  addressId: string | null;
  resident?: Resident;
  onClose: () => void;
  onSaved?: (r: Resident) => void;
}) => {
  const { t, i18n } = useTranslation();
  // the standard code lists carry their names in both languages
  const lang = i18n.language.startsWith('en') ? 'en' : 'zh';
  const { message } = App.useApp();
  const { me } = useMe();
  const can = useCan();
  const [form] = Form.useForm();
  const create = useAction(collectionResidentCreate);
  const update = useAction(collectionResidentUpdate);
  const idType = Form.useWatch('idType', form);
  const idNumber = Form.useWatch('idNumber', form);
  // the care mark is police knowledge: only the police see and set it (the core holds the same rule)
  const mayMarkCare = can('collection.care');
  const household = useMethod(collectionResidents, { addressId }, { enabled: Boolean(addressId) });
  const heads = (household.data ?? []).filter((p) => p.id !== resident?.id && (p.relationToHead === 'head' || p.relationToHead === null));
  const initial = resident
    ? {
        ...resident,
        idNumber: '',
        phone: '',
        arrivedOn: resident.arrivedOn ? dayjs(resident.arrivedOn) : null,
      }
    : { idType: 'resident', category: 'resident', source: me.role === 'gridWorker' ? 'gridWorker' : 'police', verification: 'unverified' };
  useEffect(() => {
    if (resident) form.setFieldsValue({ idNumber: '', phone: '' });
  }, [form, resident]);
  return (
    <ModalForm
      open
      width={760}
      form={form}
      testId="resident-form"
      title={resident ? t('collection.resident.edit') : t('collection.resident.add')}
      onCancel={onClose}
      initialValues={initial as Record<string, unknown>}
      onSubmit={async (v: Record<string, unknown>) => {
        const input = {
          name: (v.name as string) ?? '',
          idType: v.idType as (typeof ID_TYPES)[number],
          idNumber: (v.idNumber as string) ?? null,
          sex: (v.sex as 'male' | 'female' | undefined) ?? null,
          ethnicity: (v.ethnicity as string) ?? null,
          hukouPlace: (v.hukouPlace as string) ?? null,
          addressId,
          householdHeadId: (v.householdHeadId as string) ?? null,
          relationToHead: (v.relationToHead as (typeof RELATIONS)[number]) ?? null,
          category: v.category as (typeof CATEGORIES)[number],
          arrivedOn: isoDate(v.arrivedOn),
          phone: (v.phone as string) ?? null,
          employer: (v.employer as string) ?? null,
          tenancy: (v.tenancy as (typeof TENANCIES)[number]) ?? null,
          source: v.source as (typeof SOURCES)[number],
          verification: v.verification as (typeof VERIFICATIONS)[number],
          note: (v.note as string) ?? null,
          ...(mayMarkCare ? { careReason: (v.careReason as string) ?? null } : {}),
          // the coded fields of the shared model: a code of its list, or null
          ...Object.fromEntries(RESIDENT_CODED.map(([field]) => [field, (v[field] as string | undefined) ?? null])),
        };
        const saved = resident ? await update.mutateAsync({ ...input, id: resident.id, version: resident.version }) : await create.mutateAsync(input);
        message.success(t('collection.resident.saved', { name: saved.name }));
        onSaved?.(saved);
        onClose();
      }}
    >
      <Row gutter={12}>
        <Col span={8}>
          <Form.Item name="name" label={t('collection.resident.name')}>
            <Input autoFocus maxLength={50} data-testid="resident-name" />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item name="idType" label={t('collection.resident.idType')}>
            <Select data-testid="resident-idType" options={ID_TYPES.map((v) => ({ value: v, label: t(`intake.idTypes.${v}`) }))} />
          </Form.Item>
        </Col>
        <Col span={10}>
          <Form.Item
            name="idNumber"
            label={t('collection.resident.idNumber')}
            extra={resident?.idNumberMasked && !idNumber ? t('collection.resident.keep', { value: resident.idNumberMasked }) : <IdInfo idType={idType} idNumber={idNumber} />}
          >
            <Input maxLength={30} autoComplete="off" data-testid="resident-idNumber" />
          </Form.Item>
        </Col>
        {idType !== 'resident' && (
          <Col span={6}>
            <Form.Item name="sex" label={t('collection.resident.sex')}>
              <Select allowClear options={(['male', 'female'] as const).map((s) => ({ value: s, label: t(`collection.resident.${s}`) }))} />
            </Form.Item>
          </Col>
        )}
        <Col span={6}>
          <Form.Item name="ethnicity" label={t('collection.resident.ethnicity')}>
            <Input maxLength={20} data-testid="resident-ethnicity" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="hukouPlace" label={t('collection.resident.hukouPlace')}>
            <Input maxLength={100} data-testid="resident-hukouPlace" />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="phone" label={t('collection.resident.phone')} extra={resident?.phoneMasked ? t('collection.resident.keep', { value: resident.phoneMasked }) : undefined}>
            <Input maxLength={20} data-testid="resident-phone" />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="category" label={t('collection.resident.category')}>
            <Select data-testid="resident-category" options={CATEGORIES.map((c) => ({ value: c, label: t(`collection.categories.${c}`) }))} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="arrivedOn" label={t('collection.resident.arrivedOn')}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="householdHeadId" label={t('collection.resident.householdHead')}>
            <Select allowClear options={heads.map((h) => ({ value: h.id, label: h.name }))} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="relationToHead" label={t('collection.resident.relationToHead')}>
            <Select allowClear data-testid="resident-relation" options={RELATIONS.map((r) => ({ value: r, label: t(`collection.relations.${r}`) }))} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="tenancy" label={t('collection.resident.tenancy')}>
            <Select allowClear data-testid="resident-tenancy" options={TENANCIES.map((r) => ({ value: r, label: t(`collection.tenancies.${r}`) }))} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="employer" label={t('collection.resident.employer')}>
            <Input maxLength={100} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="source" label={t('collection.resident.source')}>
            <Select options={SOURCES.map((s) => ({ value: s, label: t(`collection.sources.${s}`) }))} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="verification" label={t('collection.resident.verification')}>
            <Select
              data-testid="resident-verification"
              options={VERIFICATIONS.map((s) => ({ value: s, label: t(`collection.verifications.${s}`), disabled: s === 'verified' && !can('collection.verify') }))}
            />
          </Form.Item>
        </Col>
        {RESIDENT_CODED.map(([field, declared]) => (
          <Col span={8} key={field}>
            <Form.Item name={field} label={declared.label[lang]}>
              <Select
                allowClear
                showSearch
                optionFilterProp="label"
                data-testid={`resident-${field}`}
                options={declared.codes.map((c) => ({ value: c.code, label: c[lang] }))}
              />
            </Form.Item>
          </Col>
        ))}
        <Col span={24}>
          <Form.Item name="note" label={t('collection.resident.note')}>
            <Input.TextArea maxLength={300} autoSize={{ minRows: 1, maxRows: 3 }} />
          </Form.Item>
        </Col>
        {mayMarkCare && (
          <Col span={24}>
            <Form.Item name="careReason" label={t('collection.resident.careReason')} extra={t('collection.resident.careHint')}>
              <Input maxLength={200} data-testid="resident-care" />
            </Form.Item>
          </Col>
        )}
      </Row>
    </ModalForm>
  );
};

export const MoveOutForm = ({ resident, onClose }: { resident: Resident; onClose: () => void }) => {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const moveOut = useAction(collectionMoveOut);
  return (
    <ModalForm
      open
      form={form}
      testId="move-out"
      title={t('app.labelled', { label: t('collection.resident.moveOut'), value: resident.name })}
      onCancel={onClose}
      initialValues={{ date: dayjs() }}
      onSubmit={async (v: { date?: dayjs.Dayjs; reason?: string }) => {
        await moveOut.mutateAsync({ id: resident.id, version: resident.version, date: isoDate(v.date) ?? '', reason: v.reason ?? '' });
        onClose();
      }}
    >
      <Form.Item name="date" label={t('collection.resident.moveOutDate')}>
        <DatePicker />
      </Form.Item>
      <Form.Item name="reason" label={t('collection.resident.moveOutReason')}>
        <Input autoFocus maxLength={100} data-testid="move-out-reason" />
      </Form.Item>
    </ModalForm>
  );
};
