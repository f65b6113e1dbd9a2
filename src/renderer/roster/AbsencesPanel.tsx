import { Button, Card, DatePicker, Form, Input, InputNumber, Popconfirm, Select, Space, Table, Tag, App } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { ABSENCE_KINDS, HARD_ABSENCES, rosterAbsenceAdd, rosterAbsenceRemove, type AbsenceKind, type RosterMonth } from '../../shared/roster/contract.js';
import { markFieldErrors } from '../app/formErrors.js';
import { useMe } from '../app/me.js';
import { useAction } from '../app/query.js';
import { rosterErrorText, shiftLabel, shiftName } from './common.js';

interface Values {
  staffId: string;
  kind: AbsenceKind;
  range: [Dayjs, Dayjs];
  shiftId?: string;
  weight?: number;
  note?: string;
}

/**
 * Leave, training and sick days (recorded by the station head, hard) and day-off and shift wishes
 * (filed by each person for themselves, soft). Who may record what is the core's decision; the
 * form only offers what the role may ask for.
 */
export const AbsencesPanel = ({ m }: { m: RosterMonth }) => {
  const { t } = useTranslation();
  const { me } = useMe();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const add = useAction(rosterAbsenceAdd);
  const remove = useAction(rosterAbsenceRemove);
  const isHead = me.role === 'head';
  const kinds = isHead ? ABSENCE_KINDS : ABSENCE_KINDS.filter((k) => !HARD_ABSENCES.includes(k));
  const people = isHead ? m.people : m.people.filter((p) => p.staffId === me.staffId);
  const kind = Form.useWatch('kind', form);

  const submit = async (v: Values) => {
    try {
      await add.mutateAsync({
        staffId: v.staffId,
        kind: v.kind,
        from: v.range[0].format('YYYY-MM-DD'),
        to: v.range[1].format('YYYY-MM-DD'),
        shiftId: v.kind === 'shiftWish' ? v.shiftId : null,
        weight: HARD_ABSENCES.includes(v.kind) ? null : (v.weight ?? null),
        note: v.note?.trim() || undefined,
      });
      form.resetFields(['range', 'note']);
    } catch (e) {
      markFieldErrors(form, t, e);
      message.error(rosterErrorText(t, e, m.shiftTypes));
    }
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {people.length > 0 && (
        <Card size="small" title={t('roster.absence.title')}>
          <Form<Values>
            form={form}
            layout="inline"
            onFinish={(v) => void submit(v)}
            initialValues={{ staffId: people.length === 1 ? people[0].staffId : undefined, kind: isHead ? 'leave' : 'dayOffWish', weight: 10 }}
            data-testid="absence-form"
          >
            <Form.Item name="staffId" label={t('roster.absence.person')} rules={[{ required: true, message: t('errors.required') }]}>
              <Select style={{ width: 140 }} options={people.map((p) => ({ value: p.staffId, label: p.name }))} data-testid="absence-person" showSearch={{ optionFilterProp: 'label' }} />
            </Form.Item>
            <Form.Item name="kind" label={t('roster.absence.kind')} rules={[{ required: true, message: t('errors.required') }]}>
              <Select style={{ width: 130 }} options={kinds.map((k) => ({ value: k, label: t(`roster.absence.kinds.${k}`) }))} data-testid="absence-kind" />
            </Form.Item>
            <Form.Item name="range" label={t('roster.absence.from')} rules={[{ required: true, message: t('errors.required') }]}>
              <DatePicker.RangePicker data-testid="absence-range" />
            </Form.Item>
            {kind === 'shiftWish' && (
              <Form.Item name="shiftId" label={t('roster.absence.shift')} rules={[{ required: true, message: t('errors.required') }]}>
                <Select style={{ width: 110 }} options={m.shiftTypes.map((s) => ({ value: s.id, label: shiftLabel(s) }))} />
              </Form.Item>
            )}
            {kind && !HARD_ABSENCES.includes(kind) && (
              <Form.Item name="weight" label={t('roster.absence.weight')}>
                <InputNumber min={1} max={100} style={{ width: 80 }} />
              </Form.Item>
            )}
            <Form.Item name="note" label={t('roster.absence.note')}>
              <Input maxLength={200} style={{ width: 160 }} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={add.isPending} data-testid="absence-add">
              {t('roster.absence.add')}
            </Button>
          </Form>
        </Card>
      )}
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={m.absences}
        locale={{ emptyText: t('roster.absence.empty') }}
        data-testid="absence-list"
        columns={[
          { title: t('roster.absence.person'), dataIndex: 'staffName' },
          {
            title: t('roster.absence.kind'),
            dataIndex: 'kind',
            render: (k: AbsenceKind, a) => (
              <Tag color={HARD_ABSENCES.includes(k) ? 'red' : 'blue'}>
                {a.shiftId ? t('app.labelled', { label: t(`roster.absence.kinds.${k}`), value: shiftName(m.shiftTypes, a.shiftId) }) : t(`roster.absence.kinds.${k}`)}
              </Tag>
            ),
          },
          { title: t('roster.absence.from'), dataIndex: 'from' },
          { title: t('roster.absence.to'), dataIndex: 'to' },
          { title: t('roster.absence.weight'), dataIndex: 'weight', render: (w: number | null) => w ?? '—' },
          { title: t('roster.absence.note'), dataIndex: 'note' },
          {
            title: '',
            key: 'remove',
            render: (_, a) =>
              (isHead || (a.staffId === me.staffId && !HARD_ABSENCES.includes(a.kind))) && (
                <Popconfirm title={t('roster.absence.confirmRemove')} onConfirm={() => remove.mutateAsync({ id: a.id }).catch((e) => message.error(rosterErrorText(t, e)))}>
                  <Button size="small" danger>
                    {t('roster.absence.remove')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
    </Space>
  );
};
