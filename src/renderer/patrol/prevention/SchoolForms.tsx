import { Checkbox, Flex, Form, Input, Select, TimePicker } from 'antd';
import { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { patrolAttendanceAdd, patrolSchoolSave, type PostView, type SchoolView } from '../../../shared/patrol/prevention.contract.js';
import { localInstant } from '../../../shared/time.js';
import { useMe } from '../../app/me.js';
import { ModalForm } from '../../app/ModalForm.js';
import { useAction } from '../../app/query.js';
import { CompoundSelect } from './common.js';
import { textOrNull } from '../../app/formValues.js';

interface AttendanceValues {
  staffId: string | null;
  personName: string;
  absent: boolean;
  arrivedAt: Dayjs | null;
  leftAt: Dayjs | null;
  note: string;
}

export const AttendanceForm = ({ post, people, onDone }: { post: PostView; people: { staffId: string; name: string }[]; onDone: () => void }) => {
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
          personName: textOrNull(v.personName),
          absent: Boolean(v.absent),
          arrivedAt: v.absent ? null : at(v.arrivedAt),
          leftAt: v.absent ? null : at(v.leftAt),
          note: textOrNull(v.note),
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

export const SchoolForm = ({ school, onDone }: { school: SchoolView | null; onDone: () => void }) => {
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
          contactName: textOrNull(v.contactName),
          contactPhone: textOrNull(v.contactPhone),
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
