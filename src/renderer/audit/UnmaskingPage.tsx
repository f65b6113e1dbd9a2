import { DownloadOutlined, SearchOutlined } from '@ant-design/icons';
import { Alert, Button, Card, DatePicker, Form, Input, Select, Space, Table, Typography, type TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { auditUnmaskings, auditUnmaskingsCsv, UNMASKING_METHODS, type Unmasking } from '../../shared/audit/contract.js';
import { staffDirectory } from '../../shared/staff/contract.js';
import { localDateTime } from '../../shared/time.js';
import { call } from '../app/api.js';
import { errorText } from '../app/i18n.js';
import { useMe } from '../app/me.js';
import { useMethod, usePagesBefore } from '../app/query.js';
import { methodLabel } from './AuditPage.js';
import { detailText } from './details.js';

interface FilterValues {
  range?: [Dayjs | null, Dayjs | null] | null;
  staffId?: string;
  method?: (typeof UNMASKING_METHODS)[number];
  subject?: string;
}
type Filters = { from?: string; to?: string; staffId?: string; method?: (typeof UNMASKING_METHODS)[number]; subject?: string };

/** For the station head: every time someone saw an ID or phone number in full, with the reason. */
export const UnmaskingPage = () => {
  const { t, i18n } = useTranslation();
  const { me } = useMe();
  const [form] = Form.useForm<FilterValues>();
  const [filters, setFilters] = useState<Filters>({});
  const [exportError, setExportError] = useState<unknown>(null);
  const directory = useMethod(staffDirectory, {});

  const log = usePagesBefore(auditUnmaskings, filters, 100);
  const entries = log.data?.pages.flatMap((p) => p.entries) ?? [];

  const apply = (v: FilterValues) => {
    const next: Filters = {};
    if (v.range?.[0]) next.from = v.range[0].format('YYYY-MM-DD');
    if (v.range?.[1]) next.to = v.range[1].format('YYYY-MM-DD');
    if (v.staffId) next.staffId = v.staffId;
    if (v.method) next.method = v.method;
    if (v.subject?.trim()) next.subject = v.subject.trim();
    setFilters(next);
  };

  const exportCsv = async () => {
    setExportError(null);
    try {
      const file = await call(auditUnmaskingsCsv, { ...filters, lang: i18n.language === 'en' ? 'en' : 'zh' });
      const bytes = Uint8Array.from(atob(file.data), (c) => c.charCodeAt(0));
      const url = URL.createObjectURL(new Blob([bytes], { type: 'text/csv;charset=utf-8' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = file.fileName;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (err) {
      setExportError(err);
    }
  };

  const columns: TableColumnsType<Unmasking> = [
    { title: t('audit.unmasking.columns.at'), dataIndex: 'at', width: 150, render: (at: string) => localDateTime(at, me.timeZone) },
    { title: t('audit.unmasking.columns.staff'), dataIndex: 'staffName', width: 110 },
    { title: t('audit.unmasking.columns.method'), dataIndex: 'method', width: 180, render: (m: string) => methodLabel(t, m) ?? m },
    {
      title: t('audit.unmasking.columns.subject'),
      width: 220,
      render: (_: unknown, e) =>
        e.subjectName ? (
          <span>
            {e.subjectName} <Typography.Text type="secondary">{e.subjectIdMasked}</Typography.Text>
          </span>
        ) : (
          // a search or lookup points at no record; a record that points nowhere was purged
          <Typography.Text type="secondary">{e.recordId ? t('audit.unmasking.noSubject') : t('audit.unmasking.noRecord')}</Typography.Text>
        ),
    },
    { title: t('audit.unmasking.columns.reason'), dataIndex: 'reason', render: (reason: Unmasking['reason']) => detailText(t, reason) },
  ];

  return (
    <Card title={t('audit.unmasking.title')}>
      <Typography.Paragraph type="secondary">{t('audit.unmasking.intro')}</Typography.Paragraph>
      <Form form={form} layout="inline" onFinish={apply} style={{ marginBottom: 16, rowGap: 8 }}>
        <Form.Item name="range" label={t('audit.filters.range')}>
          <DatePicker.RangePicker allowEmpty={[true, true]} />
        </Form.Item>
        <Form.Item name="staffId" label={t('audit.filters.staff')}>
          <Select
            allowClear
            style={{ width: 180 }}
            placeholder={t('audit.filters.anyStaff')}
            options={(directory.data ?? []).map((s) => ({ value: s.id, label: t('app.aside', { text: s.name, aside: t(`roles.${s.role}`) }) }))}
          />
        </Form.Item>
        <Form.Item name="method" label={t('audit.unmasking.columns.method')}>
          <Select allowClear style={{ width: 220 }} options={UNMASKING_METHODS.map((m) => ({ value: m, label: methodLabel(t, m) ?? m }))} />
        </Form.Item>
        <Form.Item name="subject" label={t('audit.unmasking.columns.subject')}>
          <Input allowClear style={{ width: 180 }} placeholder={t('audit.unmasking.subjectPlaceholder')} data-testid="unmasking-subject" />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
              {t('app.search')}
            </Button>
            <Button icon={<DownloadOutlined />} onClick={() => void exportCsv()} data-testid="unmasking-export">
              {t('audit.unmasking.export')}
            </Button>
          </Space>
        </Form.Item>
      </Form>
      {log.error && <Alert type="error" showIcon title={errorText(t, log.error)} style={{ marginBottom: 16 }} />}
      {exportError !== null && <Alert type="error" showIcon title={errorText(t, exportError)} style={{ marginBottom: 16 }} />}
      <Table<Unmasking>
        rowKey="id"
        size="small"
        loading={log.isPending}
        dataSource={entries}
        columns={columns}
        pagination={false}
        locale={{ emptyText: t('audit.empty') }}
        data-testid="unmasking-table"
      />
      {log.hasNextPage && (
        <Button onClick={() => void log.fetchNextPage()} loading={log.isFetchingNextPage} style={{ marginTop: 16 }}>
          {t('app.more')}
        </Button>
      )}
    </Card>
  );
};
