import { App, Checkbox, Col, DatePicker, Form, Input, InputNumber, Row, Select, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ID_TYPES, parseResidentId } from '../../shared/checks/idNumber.js';
import {
  collectionAddNode,
  collectionAppointmentCreate,
  collectionBatchRooms,
  collectionCancelNode,
  collectionDivisions,
  collectionHouseSave,
  collectionMoveOut,
  collectionResidentCreate,
  collectionResidentUpdate,
  collectionResidents,
  collectionUnitSave,
  collectionUpdateNode,
  type AddressDetail,
  type House,
  type Resident,
  type Unit,
} from '../../shared/collection/contract.js';
import {
  CATEGORIES,
  CHILD_KINDS,
  HOUSE_USES,
  RELATIONS,
  SOURCES,
  TENANCIES,
  UNIT_CATEGORIES,
  VERIFICATIONS,
  RESIDENT_CODED,
  type NodeKind,
} from '../../shared/collection/model.js';
import { normaliseIdentifier } from '../../shared/checks/identifier.js';
import { staffList } from '../../shared/staff/contract.js';
import { ModalForm } from '../app/ModalForm.js';
import { useCan, useMe } from '../app/me.js';
import { useAction, useMethod } from '../app/query.js';

const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? null : v);

// ───────────── address nodes ─────────────

export const NodeForm = ({
  mode,
  node,
  onClose,
  onSaved,
}: {
  /** add: a child of `node` (or a root when node is null); edit: `node` itself */
  mode: 'add' | 'edit';
  node: AddressDetail | null;
  onClose: () => void;
  onSaved: (id: string) => void;
}) => {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const add = useAction(collectionAddNode);
  const update = useAction(collectionUpdateNode);
  const kinds: readonly NodeKind[] = mode === 'edit' ? [node!.kind] : CHILD_KINDS[node?.kind ?? 'root'];
  const kind: NodeKind = Form.useWatch('kind', form) ?? kinds[0];
  const [q, setQ] = useState('');
  const divisions = useMethod(collectionDivisions, { q: q || '22' }, { enabled: kind === 'division' && mode === 'add' });
  return (
    <ModalForm
      open
      form={form}
      testId="node-form"
      title={mode === 'add' ? (node ? `${t('collection.tree.add')}：${node.fullText}` : t('collection.tree.addRoot')) : `${t('collection.tree.rename')}：${node!.fullText}`}
      onCancel={onClose}
      initialValues={mode === 'edit' ? { kind: node!.kind, name: node!.name, code: node!.code, grid: node!.grid, policeArea: node!.policeArea } : { kind: kinds[0] }}
      onSubmit={async (v: Record<string, unknown>) => {
        const fields = { name: v.name ?? '', code: blank(v.code), grid: blank(v.grid), policeArea: blank(v.policeArea) } as { name: string; code: string | null; grid: string | null; policeArea: string | null };
        if (mode === 'add') {
          const created = await add.mutateAsync({ parentId: node?.id ?? null, kind: v.kind as NodeKind, ...fields, floorNo: (v.floorNo as number | undefined) ?? null });
          onSaved(created.id);
        } else {
          await update.mutateAsync({ id: node!.id, version: node!.version, ...fields });
          onSaved(node!.id);
        }
      }}
    >
      <Form.Item name="kind" label={t('collection.tree.kind')}>
        <Select disabled={mode === 'edit'} data-testid="node-kind" options={kinds.map((k) => ({ value: k, label: t(`collection.kinds.${k}`) }))} />
      </Form.Item>
      {kind === 'division' && mode === 'add' && (
        <Form.Item label={t('collection.tree.chooseDivision')}>
          <Select
            showSearch={{ filterOption: false, onSearch: setQ }}
            data-testid="node-division"
            options={(divisions.data ?? []).map((d) => ({ value: d.code, label: `${d.code} ${d.fullName}` }))}
            onChange={(code: string) => {
              const d = divisions.data?.find((x) => x.code === code);
              if (d) form.setFieldsValue({ code: d.code, name: d.name });
            }}
          />
        </Form.Item>
      )}
      <Row gutter={12}>
        <Col span={14}>
          <Form.Item name="name" label={t('collection.tree.name')}>
            <Input autoFocus maxLength={60} data-testid="node-name" />
          </Form.Item>
        </Col>
        <Col span={10}>
          <Form.Item name="code" label={t('collection.tree.code')}>
            <Input maxLength={20} data-testid="node-code" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="grid" label={t('collection.tree.grid')}>
            <Input maxLength={40} data-testid="node-grid" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="policeArea" label={t('collection.tree.policeArea')}>
            <Input maxLength={40} data-testid="node-policeArea" />
          </Form.Item>
        </Col>
        {kind === 'floor' && mode === 'add' && (
          <Col span={12}>
            <Form.Item name="floorNo" label={t('collection.tree.floorNo')}>
              <InputNumber min={-5} max={200} />
            </Form.Item>
          </Col>
        )}
      </Row>
    </ModalForm>
  );
};

export const BatchForm = ({ building, onClose }: { building: AddressDetail; onClose: () => void }) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const batch = useAction(collectionBatchRooms);
  const v = Form.useWatch([], form) as { units?: number; floors?: number; roomsPerFloor?: number } | undefined;
  const units = v?.units ?? 0;
  const total = Math.max(1, units) * (v?.floors ?? 0) * (v?.roomsPerFloor ?? 0);
  return (
    <ModalForm
      open
      form={form}
      testId="batch-form"
      title={t('collection.batch.title', { name: building.fullText })}
      okText={t('collection.batch.submit')}
      onCancel={onClose}
      initialValues={{ units: 2, floors: 18, roomsPerFloor: 4, firstFloor: 1 }}
      onSubmit={async (values: { units: number; floors: number; roomsPerFloor: number; firstFloor: number }) => {
        const r = await batch.mutateAsync({ buildingId: building.id, ...values });
        message.success(t('collection.batch.done', { rooms: r.rooms, existing: r.existing }));
        onClose();
      }}
    >
      <Row gutter={12}>
        <Col span={6}>
          <Form.Item name="units" label={t('collection.batch.units')}>
            <InputNumber min={0} max={20} autoFocus data-testid="batch-units" />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item name="floors" label={t('collection.batch.floors')}>
            <InputNumber min={1} max={120} data-testid="batch-floors" />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item name="roomsPerFloor" label={t('collection.batch.rooms')}>
            <InputNumber min={1} max={40} data-testid="batch-rooms" />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item name="firstFloor" label={t('collection.batch.firstFloor')}>
            <InputNumber min={-5} max={10} />
          </Form.Item>
        </Col>
      </Row>
      <Typography.Text type="secondary" data-testid="batch-preview">
        {t('collection.batch.preview', { units: Math.max(1, units), floors: v?.floors ?? 0, rooms: v?.roomsPerFloor ?? 0, total })}
      </Typography.Text>
    </ModalForm>
  );
};

export const CancelNodeForm = ({ node, onClose }: { node: AddressDetail; onClose: () => void }) => {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const cancel = useAction(collectionCancelNode);
  return (
    <ModalForm
      open
      danger
      form={form}
      testId="cancel-node"
      title={`${t('collection.tree.cancel')}：${node.fullText}`}
      okText={t('collection.tree.cancel')}
      onCancel={onClose}
      onSubmit={async (v: { reason?: string }) => {
        await cancel.mutateAsync({ id: node.id, version: node.version, reason: v.reason ?? '' });
        onClose();
      }}
    >
      <Form.Item name="reason" label={t('collection.tree.reason')}>
        <Input autoFocus maxLength={100} />
      </Form.Item>
    </ModalForm>
  );
};

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
          arrivedOn: v.arrivedOn ? (v.arrivedOn as dayjs.Dayjs).format('YYYY-MM-DD') : null,
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
              <Select allowClear options={['male', 'female'].map((s) => ({ value: s, label: t(`collection.resident.${s}`) }))} />
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
      title={`${t('collection.resident.moveOut')}：${resident.name}`}
      onCancel={onClose}
      initialValues={{ date: dayjs() }}
      onSubmit={async (v: { date?: dayjs.Dayjs; reason?: string }) => {
        await moveOut.mutateAsync({ id: resident.id, version: resident.version, date: v.date?.format('YYYY-MM-DD') ?? '', reason: v.reason ?? '' });
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

// ───────────── housing and units ─────────────

export const HouseForm = ({ addressId, house, onClose }: { addressId: string; house: House | null; onClose: () => void }) => {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const save = useAction(collectionHouseSave);
  const rented = Form.useWatch('rented', form);
  const initial = house
    ? { ...house, ownerIdNumber: '', ownerPhone: '', landlordPhone: '', rentFrom: house.rentFrom ? dayjs(house.rentFrom) : null, rentTo: house.rentTo ? dayjs(house.rentTo) : null }
    : { use: 'residential', rented: false, vacant: false, ownerIdType: 'resident' };
  return (
    <ModalForm
      open
      width={720}
      form={form}
      testId="house-form"
      title={t('collection.house.title')}
      onCancel={onClose}
      initialValues={initial as Record<string, unknown>}
      onSubmit={async (v: Record<string, unknown>) => {
        const d = (x: unknown) => (x ? (x as dayjs.Dayjs).format('YYYY-MM-DD') : null);
        await save.mutateAsync({
          addressId,
          version: house?.version ?? null,
          use: v.use as (typeof HOUSE_USES)[number],
          ownerName: (v.ownerName as string) ?? null,
          ownerIdType: (v.ownerIdType as (typeof ID_TYPES)[number]) ?? 'resident',
          ownerIdNumber: (v.ownerIdNumber as string) || null,
          ownerPhone: (v.ownerPhone as string) || null,
          rented: Boolean(v.rented),
          landlordName: (v.landlordName as string) ?? null,
          landlordPhone: (v.landlordPhone as string) || null,
          rentFrom: d(v.rentFrom),
          rentTo: d(v.rentTo),
          vacant: Boolean(v.vacant),
          areaM2: (v.areaM2 as number | undefined) ?? null,
          note: (v.note as string) ?? null,
        });
        onClose();
      }}
    >
      <Row gutter={12}>
        <Col span={8}>
          <Form.Item name="use" label={t('collection.house.use')}>
            <Select autoFocus data-testid="house-use" options={HOUSE_USES.map((u) => ({ value: u, label: t(`collection.uses.${u}`) }))} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="ownerName" label={t('collection.house.ownerName')}>
            <Input maxLength={50} data-testid="house-owner" />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="areaM2" label={t('collection.house.areaM2')}>
            <InputNumber min={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="ownerIdNumber" label={t('collection.house.ownerIdNumber')} extra={house?.ownerIdNumberMasked ?? undefined}>
            <Input maxLength={30} autoComplete="off" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="ownerPhone" label={t('collection.house.ownerPhone')} extra={house?.ownerPhoneMasked ?? undefined}>
            <Input maxLength={20} />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item name="rented" valuePropName="checked">
            <Checkbox data-testid="house-rented">{t('collection.house.rented')}</Checkbox>
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item name="vacant" valuePropName="checked">
            <Checkbox data-testid="house-vacant">{t('collection.house.vacant')}</Checkbox>
          </Form.Item>
        </Col>
        {rented && (
          <>
            <Col span={12}>
              <Form.Item name="landlordName" label={t('collection.house.landlordName')}>
                <Input maxLength={50} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="landlordPhone" label={t('collection.house.landlordPhone')} extra={house?.landlordPhoneMasked ?? undefined}>
                <Input maxLength={20} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="rentFrom" label={t('collection.house.rentFrom')}>
                <DatePicker style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="rentTo" label={t('collection.house.rentTo')}>
                <DatePicker style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </>
        )}
        <Col span={24}>
          <Form.Item name="note" label={t('collection.house.note')}>
            <Input.TextArea maxLength={300} autoSize={{ minRows: 1, maxRows: 3 }} />
          </Form.Item>
        </Col>
      </Row>
    </ModalForm>
  );
};

export const UnitForm = ({ unit, addressId, onClose }: { unit: Unit | null; addressId: string | null; onClose: () => void }) => {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const save = useAction(collectionUnitSave);
  return (
    <ModalForm
      open
      width={720}
      form={form}
      testId="unit-form"
      title={unit ? unit.name : t('collection.unit.add')}
      onCancel={onClose}
      initialValues={(unit ? { ...unit, legalRepresentativePhone: '', securityOfficerPhone: '' } : { category: 'shop' }) as Record<string, unknown>}
      onSubmit={async (v: Record<string, unknown>) => {
        await save.mutateAsync({
          id: unit?.id ?? null,
          version: unit?.version ?? null,
          name: (v.name as string) ?? '',
          creditCode: (v.creditCode as string) ?? '',
          category: v.category as (typeof UNIT_CATEGORIES)[number],
          legalRepresentative: (v.legalRepresentative as string) ?? '',
          legalRepresentativePhone: (v.legalRepresentativePhone as string) || null,
          securityOfficer: (v.securityOfficer as string) ?? null,
          securityOfficerPhone: (v.securityOfficerPhone as string) || null,
          addressId: unit?.addressId ?? addressId,
          employees: (v.employees as number | undefined) ?? null,
          note: (v.note as string) ?? null,
        });
        onClose();
      }}
    >
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item name="name" label={t('collection.unit.name')}>
            <Input autoFocus maxLength={100} data-testid="unit-name" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="creditCode" label={t('collection.unit.creditCode')}>
            <Input maxLength={30} data-testid="unit-creditCode" />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="category" label={t('collection.unit.category')}>
            <Select options={UNIT_CATEGORIES.map((c) => ({ value: c, label: t(`collection.unitCategories.${c}`) }))} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="legalRepresentative" label={t('collection.unit.legalRepresentative')}>
            <Input maxLength={50} data-testid="unit-legal" />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="legalRepresentativePhone" label={t('collection.unit.legalRepresentativePhone')} extra={unit?.legalRepresentativePhoneMasked ?? undefined}>
            <Input maxLength={20} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="securityOfficer" label={t('collection.unit.securityOfficer')}>
            <Input maxLength={50} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="securityOfficerPhone" label={t('collection.unit.securityOfficerPhone')} extra={unit?.securityOfficerPhoneMasked ?? undefined}>
            <Input maxLength={20} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="employees" label={t('collection.unit.employees')}>
            <InputNumber min={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
    </ModalForm>
  );
};

// ───────────── appointments ─────────────

/** Who a visit can be booked for: whoever may list staff books for anyone; anyone else books visits for themselves. */
export const useCollectorOptions = () => {
  const { me } = useMe();
  const can = useCan();
  const staff = useMethod(staffList, {}, { retry: false, enabled: can(staffList) });
  return staff.data?.filter((s) => s.active).map((s) => ({ value: s.id, label: s.name })) ?? [{ value: me.staffId, label: me.name }];
};

/** A visit's default window: tomorrow, 9 to 10. */
export const visitWindow = () => {
  const start = dayjs().add(1, 'day').hour(9).minute(0).second(0).millisecond(0);
  return { start, end: start.add(1, 'hour') };
};

export const AppointmentForm = ({ addressId, onClose, onSaved }: { addressId: string; onClose: () => void; onSaved: (id: string) => void }) => {
  const { t } = useTranslation();
  const { me } = useMe();
  const [form] = Form.useForm();
  const create = useAction(collectionAppointmentCreate);
  const people = useMethod(collectionResidents, { addressId });
  const collectors = useCollectorOptions();
  const visit = visitWindow();
  return (
    <ModalForm
      open
      form={form}
      testId="appointment-form"
      title={t('collection.appointments.new')}
      onCancel={onClose}
      initialValues={{ ...visit, collectorId: me.staffId, residentIds: [] }}
      onSubmit={async (v: { start?: dayjs.Dayjs; end?: dayjs.Dayjs; collectorId?: string; residentIds?: string[]; note?: string }) => {
        const a = await create.mutateAsync({
          addressId,
          residentIds: v.residentIds ?? [],
          startAt: v.start?.toISOString() ?? '',
          endAt: v.end?.toISOString() ?? '',
          collectorId: v.collectorId ?? '',
          note: v.note ?? null,
        });
        onSaved(a.id);
      }}
    >
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item name="start" label={t('collection.appointments.start')}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} data-testid="appointment-start" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="end" label={t('collection.appointments.end')}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} data-testid="appointment-end" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="collectorId" label={t('collection.appointments.collector')}>
            <Select options={collectors} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="residentIds" label={t('collection.appointments.residents')}>
            <Select mode="multiple" options={(people.data ?? []).map((p) => ({ value: p.id, label: p.name }))} />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item name="note" label={t('collection.appointments.note')}>
            <Input maxLength={200} />
          </Form.Item>
        </Col>
      </Row>
    </ModalForm>
  );
};
