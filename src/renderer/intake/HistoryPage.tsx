import { EyeOutlined, SearchOutlined } from '@ant-design/icons';
import { Alert, Button, Card, DatePicker, Flex, Form, Input, Result, Select, Space, Table, Typography, type TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AppError } from '../../shared/errors.js';
import { toFieldErrors } from '../../shared/fields.js';
import { intakeReveal, intakeSearch, type WalkIn } from '../../shared/intake/contract.js';
import { displayQueueNumber, type Route, ROUTES } from '../../shared/intake/zones.js';
import type { InputOf } from '../../shared/method.js';
import { localDateTime } from '../../shared/time.js';
import { markFieldErrors } from '../app/formErrors.js';
import { errorText } from '../app/i18n.js';
import { useCan, useMe } from '../app/me.js';
import { usePagesBefore } from '../app/query.js';
import { Masked, StatusTag } from './common.js';
import { RevealModal, WalkInDrawer, type RevealTarget } from './Detail.js';

interface Filters {
  name?: string;
  idNumber?: string;
  phone?: string;
  dates?: [Dayjs | null, Dayjs | null] | null;
  route?: Route;
}
type Query = Omit<InputOf<typeof intakeSearch>, 'before' | 'limit'>;
const PAGE = 50;

/** Walk-in history: search, a page at a time, identifiers masked; reveal with a reason; the timeline. */
export const HistoryPage = () => {
  const { t, i18n } = useTranslation();
  const { me } = useMe();
  const can = useCan();
  const [form] = Form.useForm<Filters>();
  const [query, setQuery] = useState<Query>({});
  const [openId, setOpenId] = useState<string | null>(null);
  const [revealing, setRevealing] = useState<RevealTarget | null>(null);
  const allowed = can(intakeSearch);
  const canReveal = can(intakeReveal);

  const pages = usePagesBefore(intakeSearch, query, PAGE, { enabled: allowed });
  const rows = pages.data?.pages.flatMap((p) => p.walkIns) ?? [];

  const search = (values: Filters) => {
    const next: Query = {};
    if (values.name?.trim()) next.name = values.name.trim();
    if (values.idNumber?.trim()) next.idNumber = values.idNumber.trim();
    if (values.phone?.trim()) next.phone = values.phone.trim();
    if (values.dates?.[0]) next.from = values.dates[0].format('YYYY-MM-DD');
    if (values.dates?.[1]) next.to = values.dates[1].format('YYYY-MM-DD');
    if (values.route) next.route = values.route;
    const parsed = intakeSearch.input.safeParse(next);
    if (!parsed.success) {
      const fields = toFieldErrors(parsed.error).map((f) => (f.field === 'from' || f.field === 'to' ? { ...f, field: 'dates' } : f));
      markFieldErrors(form, t, new AppError({ code: 'VALIDATION', key: 'invalid', fields }));
      return;
    }
    setQuery(next);
  };

  if (!allowed) return <Result status="403" title={t('intake.history.noAccess')} />;

  const columns: TableColumnsType<WalkIn> = [
    {
      key: 'arrivedAt',
      title: t('intake.history.arrivedAt'),
      width: 140,
      render: (_, w) => localDateTime(w.arrivedAt, me.timeZone),
    },
    { key: 'queueNo', title: t('intake.history.queueNo'), width: 80, render: (_, w) => displayQueueNumber(w.queueNo, i18n.language) },
    {
      key: 'name',
      title: t('fields.visitorName'),
      render: (_, w) => (
        <Typography.Link onClick={() => setOpenId(w.id)} data-testid="history-name">
          {w.visitorName}
        </Typography.Link>
      ),
    },
    { key: 'id', title: t('fields.idNumber'), render: (_, w) => <Masked value={w.idNumberMasked} empty="—" /> },
    { key: 'phone', title: t('fields.phone'), width: 120, render: (_, w) => <Masked value={w.phoneMasked} empty="—" /> },
    { key: 'purpose', title: t('fields.purpose'), width: 100, render: (_, w) => t(`intake.purposes.${w.purpose}`) },
    { key: 'route', title: t('fields.route'), width: 90, render: (_, w) => t(`intake.routes.${w.route}`) },
    { key: 'status', title: t('fields.status'), width: 90, render: (_, w) => <StatusTag status={w.status} /> },
    { key: 'servedBy', title: t('intake.history.servedBy'), width: 90, render: (_, w) => w.servedBy?.name ?? '' },
    {
      key: 'actions',
      title: t('intake.history.actions'),
      width: canReveal ? 190 : 70,
      render: (_, w) => (
        <Space size={4}>
          <Button size="small" type="link" onClick={() => setOpenId(w.id)} data-testid="history-detail">
            {t('intake.actions.detail')}
          </Button>
          {canReveal && (w.idNumberMasked || w.phoneMasked) && (
            <Button
              size="small"
              type="link"
              icon={<EyeOutlined />}
              onClick={() => setRevealing({ id: w.id, visitorName: w.visitorName })}
              data-testid="history-reveal"
            >
              {t('intake.history.reveal')}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <>
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Card title={t('intake.history.title')} size="small">
          <Form<Filters>
            form={form}
            name="history"
            layout="inline"
            onFinish={search}
            onValuesChange={(changed) => form.setFields(Object.keys(changed).map((name) => ({ name: name as keyof Filters, errors: [] })))}
            style={{ rowGap: 8 }}
          >
            <Form.Item name="name" label={t('intake.history.name')}>
              <Input allowClear autoFocus style={{ width: 140 }} maxLength={50} data-testid="history-q-name" />
            </Form.Item>
            <Form.Item name="idNumber" label={t('intake.history.idNumber')}>
              <Input allowClear className="masked" style={{ width: 200 }} maxLength={30} data-testid="history-q-id" />
            </Form.Item>
            <Form.Item name="phone" label={t('intake.history.phone')}>
              <Input allowClear className="masked" style={{ width: 140 }} maxLength={20} data-testid="history-q-phone" />
            </Form.Item>
            <Form.Item name="dates" label={t('intake.history.dates')}>
              <DatePicker.RangePicker allowEmpty={[true, true]} data-testid="history-q-dates" />
            </Form.Item>
            <Form.Item name="route" label={t('intake.history.route')}>
              <Select
                allowClear
                placeholder={t('intake.history.anyRoute')}
                style={{ width: 130 }}
                options={ROUTES.map((r) => ({ value: r, label: t(`intake.routes.${r}`) }))}
                data-testid="history-q-route"
              />
            </Form.Item>
            <Form.Item>
              <Space>
                <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="history-search">
                  {t('app.search')}
                </Button>
                <Button
                  onClick={() => {
                    form.resetFields();
                    setQuery({});
                  }}
                >
                  {t('app.reset')}
                </Button>
              </Space>
            </Form.Item>
          </Form>
        </Card>
        <Card size="small">
          {pages.error && <Alert type="error" showIcon title={errorText(t, pages.error)} style={{ marginBottom: 12 }} />}
          <Table<WalkIn>
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={rows}
            loading={pages.isPending && allowed}
            pagination={false}
            scroll={{ x: 1000 }}
            onRow={(w) => ({ 'data-testid': `history-row-${w.localDate}-${w.queueNo}` }) as React.HTMLAttributes<HTMLElement>}
            data-testid="history-table"
          />
          <Flex justify="space-between" align="center" style={{ marginTop: 12 }}>
            <Typography.Text type="secondary" data-testid="history-count">
              {t('intake.history.count', { n: rows.length })}
            </Typography.Text>
            {pages.hasNextPage ? (
              <Button onClick={() => void pages.fetchNextPage()} loading={pages.isFetchingNextPage} data-testid="history-more">
                {t('app.more')}
              </Button>
            ) : (
              rows.length > 0 && <Typography.Text type="secondary">{t('intake.history.end')}</Typography.Text>
            )}
          </Flex>
        </Card>
      </Space>
      <WalkInDrawer id={openId} onClose={() => setOpenId(null)} onOpen={setOpenId} onReveal={canReveal ? setRevealing : undefined} />
      <RevealModal target={revealing} onClose={() => setRevealing(null)} />
    </>
  );
};
