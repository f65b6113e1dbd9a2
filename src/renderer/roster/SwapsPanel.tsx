import { App, Button, Card, DatePicker, Form, Input, Select, Space, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { rosterSwapDecide, rosterSwapRequest, rosterSwapsList, type RosterMonth, type SwapRequest, type SwapState } from '../../shared/roster/contract.js';
import { localDateTime } from '../../shared/time.js';
import { markFieldErrors } from '../app/formErrors.js';
import { useMe } from '../app/me.js';
import { useAction, useMethod } from '../app/query.js';
import { rosterErrorText } from './common.js';

const STATE_COLOUR: Record<SwapState, string> = { requested: 'gold', approved: 'green', declined: 'red', withdrawn: 'default' };

interface Values {
  requesterDate: Dayjs;
  counterpartId: string;
  counterpartDate: Dayjs;
  note?: string;
}

/** Shift swaps: staff request, the station head approves or declines, the requester may withdraw. */
export const SwapsPanel = ({ m }: { m: RosterMonth }) => {
  const { t } = useTranslation();
  const { me } = useMe();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const list = useMethod(rosterSwapsList, { month: m.month });
  const request = useAction(rosterSwapRequest);
  const decide = useAction(rosterSwapDecide);
  const onRoster = m.people.some((p) => p.staffId === me.staffId);
  const inMonth = (d: Dayjs) => d.format('YYYY-MM') !== m.month || m.days.find((x) => x.date === d.format('YYYY-MM-DD'))?.past === true;

  const submit = async (v: Values) => {
    try {
      await request.mutateAsync({
        month: m.month,
        requesterDate: v.requesterDate.format('YYYY-MM-DD'),
        counterpartId: v.counterpartId,
        counterpartDate: v.counterpartDate.format('YYYY-MM-DD'),
        note: v.note?.trim() || undefined,
      });
      form.resetFields();
    } catch (e) {
      markFieldErrors(form, t, e);
      message.error(rosterErrorText(t, e, m.shiftTypes));
    }
  };
  const act = (s: SwapRequest, decision: 'approved' | 'declined' | 'withdrawn') =>
    decide.mutateAsync({ id: s.id, version: s.version, decision }).catch((e) => message.error(rosterErrorText(t, e, m.shiftTypes)));

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {onRoster && m.roster && (
        <Card size="small" title={t('roster.swap.request')}>
          <Form<Values> form={form} layout="inline" onFinish={(v) => void submit(v)} data-testid="swap-form">
            <Form.Item name="requesterDate" label={t('roster.swap.myDate')} rules={[{ required: true, message: t('errors.required') }]}>
              <DatePicker disabledDate={inMonth} defaultPickerValue={dayjs(`${m.month}-01`)} />
            </Form.Item>
            <Form.Item name="counterpartId" label={t('roster.swap.with')} rules={[{ required: true, message: t('errors.required') }]}>
              <Select style={{ width: 140 }} options={m.people.filter((p) => p.staffId !== me.staffId).map((p) => ({ value: p.staffId, label: p.name }))} />
            </Form.Item>
            <Form.Item name="counterpartDate" label={t('roster.swap.theirDate')} rules={[{ required: true, message: t('errors.required') }]}>
              <DatePicker disabledDate={inMonth} defaultPickerValue={dayjs(`${m.month}-01`)} />
            </Form.Item>
            <Form.Item name="note" label={t('roster.swap.note')}>
              <Input maxLength={200} style={{ width: 180 }} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={request.isPending}>
              {t('roster.swap.request')}
            </Button>
          </Form>
        </Card>
      )}
      <Table<SwapRequest>
        size="small"
        rowKey="id"
        pagination={false}
        loading={list.isPending}
        dataSource={list.data ?? []}
        locale={{ emptyText: t('roster.swap.empty') }}
        data-testid="swap-list"
        columns={[
          { title: t('roster.swap.requester'), render: (_, s) => `${s.requesterName} · ${s.requesterDate}` },
          { title: t('roster.swap.counterpart'), render: (_, s) => `${s.counterpartName} · ${s.counterpartDate}` },
          { title: t('roster.swap.note'), dataIndex: 'note' },
          {
            title: t('roster.swap.state'),
            render: (_, s) => (
              <Space size={4} wrap>
                <Tag color={STATE_COLOUR[s.state]}>{t(`roster.swap.states.${s.state}`)}</Tag>
                {s.decidedAt && <span style={{ fontSize: 12, color: '#888' }}>{localDateTime(s.decidedAt, me.timeZone)}</span>}
                {s.decisionNote && <span style={{ fontSize: 12 }}>{s.decisionNote}</span>}
              </Space>
            ),
          },
          {
            title: '',
            key: 'act',
            render: (_, s) =>
              s.state === 'requested' && (
                <Space size={4}>
                  {me.role === 'head' && (
                    <>
                      <Button size="small" type="primary" onClick={() => void act(s, 'approved')}>
                        {t('roster.swap.approve')}
                      </Button>
                      <Button size="small" danger onClick={() => void act(s, 'declined')}>
                        {t('roster.swap.decline')}
                      </Button>
                    </>
                  )}
                  {s.requesterId === me.staffId && (
                    <Button size="small" onClick={() => void act(s, 'withdrawn')}>
                      {t('roster.swap.withdraw')}
                    </Button>
                  )}
                </Space>
              ),
          },
        ]}
      />
    </Space>
  );
};
