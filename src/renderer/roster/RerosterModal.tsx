import { useQueryClient } from '@tanstack/react-query';
import { Alert, DatePicker, Form, Modal, Select, Typography, App } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { rosterAbsenceAdd, rosterMonth, rosterReroster, type RosterJob, type RosterMonth } from '../../shared/roster/contract.js';
import { call } from '../app/api.js';
import { markFieldErrors } from '../app/formErrors.js';
import { changesText, rosterErrorText } from './common.js';

interface Values {
  fromDate: Dayjs;
  staffId?: string;
  sick?: [Dayjs, Dayjs];
}

/**
 * After a sick call: the sick days are recorded (optional here, they may already be), then the
 * month is re-rostered from a date with as few changes as the core can find; the past stays.
 */
export const RerosterModal = ({
  open,
  m,
  onClose,
  onDone,
}: {
  open: boolean;
  m: RosterMonth;
  onClose: () => void;
  onDone: (text: string, job: RosterJob | null) => void;
}) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const firstOpen = m.days.find((d) => !d.past)?.date;
  const closed = (d: Dayjs) => d.format('YYYY-MM') !== m.month || (firstOpen !== undefined && d.format('YYYY-MM-DD') < firstOpen);

  const submit = async (v: Values) => {
    if (!m.roster) return;
    setBusy(true);
    try {
      const fromDate = v.fromDate.format('YYYY-MM-DD');
      if (v.staffId && v.sick)
        await call(rosterAbsenceAdd, { staffId: v.staffId, kind: 'sick', from: v.sick[0].format('YYYY-MM-DD'), to: v.sick[1].format('YYYY-MM-DD') });
      // the sick days change nothing of the roster's own version: the version read before holds
      const result = await call(rosterReroster, { month: m.month, version: m.roster.version, fromDate });
      client.setQueryData([rosterMonth.name, { month: m.month }], result.month);
      form.resetFields();
      onDone(result.job ? t('roster.reroster.jobStarted') : changesText(t, result.changes, m.people, m.shiftTypes), result.job);
    } catch (e) {
      markFieldErrors(form, t, e);
      message.error(rosterErrorText(t, e, m.shiftTypes));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('roster.reroster.title')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('roster.reroster.addSick')}
      confirmLoading={busy}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'reroster-submit' }}
    >
      <Typography.Paragraph type="secondary">{t('roster.reroster.help')}</Typography.Paragraph>
      <Form<Values> form={form} layout="vertical" onFinish={(v) => void submit(v)} initialValues={{ fromDate: firstOpen ? dayjs(firstOpen) : undefined }}>
        <Form.Item name="staffId" label={t('roster.reroster.sickPerson')}>
          <Select allowClear options={m.people.map((p) => ({ value: p.staffId, label: p.name }))} data-testid="reroster-person" />
        </Form.Item>
        <Form.Item name="sick" label={t('roster.reroster.sickDays')}>
          <DatePicker.RangePicker disabledDate={closed} onChange={(r) => r?.[0] && form.setFieldValue('fromDate', r[0])} />
        </Form.Item>
        <Form.Item name="fromDate" label={t('roster.reroster.from')} rules={[{ required: true, message: t('errors.required') }]}>
          <DatePicker disabledDate={closed} />
        </Form.Item>
      </Form>
      {firstOpen === undefined && <Alert type="warning" title={t('errors.roster.monthOver', { month: m.month })} />}
    </Modal>
  );
};
