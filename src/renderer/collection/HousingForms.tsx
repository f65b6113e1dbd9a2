import { Checkbox, Col, DatePicker, Form, Input, InputNumber, Row, Select } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { ID_TYPES } from '../../shared/checks/idNumber.js';
import { collectionHouseSave, collectionUnitSave, type House, type Unit } from '../../shared/collection/contract.js';
import { HOUSE_USES, UNIT_CATEGORIES } from '../../shared/collection/model.js';
import { ModalForm } from '../app/ModalForm.js';
import { useAction } from '../app/query.js';
import { isoDate } from '../app/formValues.js';

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
          rentFrom: isoDate(v.rentFrom),
          rentTo: isoDate(v.rentTo),
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
