import { Button, DatePicker, Flex, Form, Input, InputNumber, Radio, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { NIGHT_CHECK_RULE, patrolGuardSave, patrolNightCheckAdd, patrolPropertySave, scoreNightCheck, type PropertyView } from '../../../shared/patrol/prevention.contract.js';
import { ModalForm } from '../../app/ModalForm.js';
import { useAction } from '../../app/query.js';
import { CompoundSelect } from './common.js';
import { textOrNull } from '../../app/formValues.js';

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

export const PropertyForm = ({ property, onDone }: { property: PropertyView | null; onDone: () => void }) => {
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
          contactName: textOrNull(v.contactName),
          contactPhone: textOrNull(v.contactPhone),
          nightGuards: v.nightGuards,
          patrolPoints: v.patrolPoints,
          passScore: v.passScore,
          note: textOrNull(v.note),
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

export const GuardForm = ({ property, onDone }: { property: PropertyView; onDone: () => void }) => {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ name: string; phone: string }>();
  const save = useAction(patrolGuardSave);
  return (
    <ModalForm<{ name: string; phone: string }>
      open
      form={form}
      title={t('app.labelled', { label: t('prevention.property.addGuard'), value: property.name })}
      testId="prevention-guard-form"
      onCancel={onDone}
      onSubmit={async (v) => {
        await save.mutateAsync({ propertyId: property.id, name: v.name ?? '', phone: textOrNull(v.phone) });
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

export const NightCheckForm = ({ property, onDone }: { property: PropertyView; onDone: () => void }) => {
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
          note: textOrNull(v.note),
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
