import { Col, DatePicker, Form, Input, Row, Select } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { collectionAppointmentCreate, collectionResidents } from '../../shared/collection/contract.js';
import { staffList } from '../../shared/staff/contract.js';
import { ModalForm } from '../app/ModalForm.js';
import { useCan, useMe } from '../app/me.js';
import { useAction, useMethod } from '../app/query.js';

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
