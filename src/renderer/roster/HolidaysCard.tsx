import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, DatePicker, Form, Input, Select, Space, Spin, Table } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { rosterHolidaysGet, rosterHolidaysSave, type HolidayDay, type HolidayYear } from '../../shared/roster/contract.js';
import { localDate } from '../../shared/time.js';
import { call } from '../app/api.js';
import { useMe } from '../app/me.js';
import { useMethod } from '../app/query.js';
import { rosterErrorText } from './common.js';

/** The holiday calendar of one year: public holidays and the make-up working days (调休), editable. */
export const HolidaysCard = () => {
  const { me } = useMe();
  const thisYear = Number(localDate(new Date(), me.timeZone).slice(0, 4));
  const [year, setYear] = useState(thisYear);
  const data = useMethod(rosterHolidaysGet, { year });
  if (!data.data) return <Spin />;
  // a fresh editor per year and per load: its state starts from what the core has
  return <HolidayYearEditor key={`${year}-${data.dataUpdatedAt}`} initial={data.data} years={[thisYear - 1, thisYear, thisYear + 1]} onYear={setYear} onSaved={() => void data.refetch()} />;
};

const HolidayYearEditor = ({ initial, years, onYear, onSaved }: { initial: HolidayYear; years: number[]; onYear: (y: number) => void; onSaved: () => void }) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const year = initial.year;
  const [days, setDays] = useState<HolidayDay[]>(initial.days);
  const [provisional, setProvisional] = useState(initial.provisional);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm();
  const save = async () => {
    setSaving(true);
    try {
      await call(rosterHolidaysSave, { year, provisional, days: [...days].sort((a, b) => a.date.localeCompare(b.date)) });
      message.success(t('roster.settings.saved'));
      onSaved();
    } catch (e) {
      message.error(rosterErrorText(t, e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Card
      size="small"
      title={t('roster.settings.holidays')}
      extra={
        <Space>
          <Select value={year} onChange={onYear} options={years.map((y) => ({ value: y, label: y }))} data-testid="holidays-year" />
          <Checkbox checked={provisional} onChange={(e) => setProvisional(e.target.checked)}>
            {t('roster.settings.markProvisional')}
          </Checkbox>
          <Button type="primary" size="small" onClick={() => void save()} loading={saving} data-testid="holidays-save">
            {t('roster.settings.saveHolidays')}
          </Button>
        </Space>
      }
    >
      {provisional && <Alert type="warning" showIcon title={t('roster.settings.provisional', { year })} style={{ marginBottom: 8 }} data-testid="holidays-provisional" />}
      <Table<HolidayDay & { i: number }>
        size="small"
        rowKey={(d) => `${d.i}`}
        pagination={false}
        dataSource={days.map((d, i) => ({ ...d, i }))}
        scroll={{ y: 260 }}
        columns={[
          { title: t('roster.settings.holidayDate'), dataIndex: 'date', width: 130 },
          {
            title: t('roster.settings.holidayKind'),
            width: 140,
            render: (_, d) => (
              <Select
                size="small"
                value={d.kind}
                style={{ width: 120 }}
                onChange={(kind) => setDays(days.map((x, i) => (i === d.i ? { ...x, kind } : x)))}
                options={(['holiday', 'workday'] as const).map((k) => ({ value: k, label: t(`roster.settings.holidayKinds.${k}`) }))}
              />
            ),
          },
          {
            title: t('roster.settings.holidayName'),
            render: (_, d) => <Input size="small" value={d.name} maxLength={20} onChange={(e) => setDays(days.map((x, i) => (i === d.i ? { ...x, name: e.target.value } : x)))} />,
          },
          {
            title: '',
            width: 48,
            render: (_, d) => <Button size="small" type="text" icon={<DeleteOutlined />} onClick={() => setDays(days.filter((_x, i) => i !== d.i))} aria-label={t('roster.settings.remove')} />,
          },
        ]}
      />
      <Form form={form} layout="inline" style={{ marginTop: 8 }} onFinish={(v: { date: dayjs.Dayjs; kind: 'holiday' | 'workday'; name: string }) => {
        setDays([...days, { date: v.date.format('YYYY-MM-DD'), kind: v.kind, name: v.name }]);
        form.resetFields();
      }} initialValues={{ kind: 'holiday' }}>
        <Form.Item name="date" rules={[{ required: true, message: t('errors.required') }]}>
          <DatePicker defaultPickerValue={dayjs(`${year}-01-01`)} />
        </Form.Item>
        <Form.Item name="kind">
          <Select style={{ width: 120 }} options={(['holiday', 'workday'] as const).map((k) => ({ value: k, label: t(`roster.settings.holidayKinds.${k}`) }))} />
        </Form.Item>
        <Form.Item name="name" rules={[{ required: true, message: t('errors.required') }]}>
          <Input placeholder={t('roster.settings.holidayName')} maxLength={20} />
        </Form.Item>
        <Button htmlType="submit" icon={<PlusOutlined />}>
          {t('roster.settings.addHoliday')}
        </Button>
      </Form>
    </Card>
  );
};
