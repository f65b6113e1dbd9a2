import { ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import { Alert, AutoComplete, Button, Card, DatePicker, Form, Input, Select, Space, Table, Tooltip, Typography, type TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Names } from '../app/resources.js';
import { auditList, type AuditEntry } from '../../shared/audit/contract.js';
import { METHODS } from '../../shared/contract.js';
import { AppError } from '../../shared/errors.js';
import { toFieldErrors } from '../../shared/fields.js';
import type { InputOf } from '../../shared/method.js';
import { staffDirectory } from '../../shared/staff/contract.js';
import { localDateTime } from '../../shared/time.js';
import { clearFieldErrors, focusFirstError, markFieldErrors } from '../app/formErrors.js';
import { errorText } from '../app/i18n.js';
import { useMe } from '../app/me.js';
import { useMethod, usePagesBefore } from '../app/query.js';
import { detailText } from './details.js';

const PAGE = 100;

/** Only what is audited shows up in the log: writes and reads that unmask personal data. */
const AUDITED = METHODS.filter((m) => m.kind === 'write' || m.auditRead).map((m) => m.name);
/** The parts of the app the audited methods belong to, for filtering by a whole part. */
const AUDITED_GROUPS = [...new Set(AUDITED.map((name) => name.slice(0, name.indexOf('.'))))];

/** A readable, localised name for a method where the catalog has one; the raw name otherwise. */
export const methodLabel = (t: TFunction, method: string): string | null => {
  const label = t(`audit.methods.${method}`, { defaultValue: '' });
  return typeof label === 'string' && label !== '' ? label : null;
};

interface FilterValues {
  range?: [Dayjs | null, Dayjs | null] | null;
  staffId?: string;
  method?: string;
  recordId?: string;
}

type Filters = Omit<InputOf<typeof auditList>, 'before' | 'limit'>;

/** The audit log for the head: filter by dates, staff, action and record; newest first, load more. */
export const AuditPage = () => {
  const { t } = useTranslation();
  const { me } = useMe();
  const [form] = Form.useForm<FilterValues>();
  const [filters, setFilters] = useState<Filters>({});
  const directory = useMethod(staffDirectory, {});

  const log = usePagesBefore(auditList, filters, PAGE);
  const entries = log.data?.pages.flatMap((p) => p.entries) ?? [];

  const apply = (v: FilterValues) => {
    const next: Filters = {};
    if (v.range?.[0]) next.from = v.range[0].format('YYYY-MM-DD');
    if (v.range?.[1]) next.to = v.range[1].format('YYYY-MM-DD');
    if (v.staffId) next.staffId = v.staffId;
    if (v.method?.trim()) next.method = v.method.trim();
    if (v.recordId?.trim()) next.recordId = v.recordId.trim();
    clearFieldErrors(form);
    const parsed = auditList.input.safeParse(next);
    if (!parsed.success) {
      // the dates are one picker on the screen
      const fields = toFieldErrors(parsed.error).map((f) => (f.field === 'from' || f.field === 'to' ? { ...f, field: 'range' } : f));
      const error = new AppError({ code: 'VALIDATION', key: fields[0]?.key ?? 'invalid', field: fields[0]?.field, fields });
      markFieldErrors(form, t, error);
      focusFirstError(form, error);
      return;
    }
    setFilters(next);
  };

  const filterByRecord = (recordId: string) => {
    form.setFieldValue('recordId', recordId);
    apply(form.getFieldsValue());
  };

  const methodOptions = [
    {
      label: t('audit.filters.method'),
      options: [
        ...AUDITED_GROUPS.map((group) => ({
          value: `${group}.`,
          label: t(`audit.groups.${group as Names<'audit.groups'>}`),
        })),
        ...AUDITED.map((name) => ({ value: name, label: `${t(`audit.groups.${name.slice(0, name.indexOf('.')) as Names<'audit.groups'>}`)} · ${methodLabel(t, name) ?? name}` })),
      ],
    },
  ];

  const columns: TableColumnsType<AuditEntry> = [
    {
      title: t('audit.columns.at'),
      dataIndex: 'at',
      width: 150,
      render: (at: string) => (
        <Tooltip title={at}>
          <span style={{ whiteSpace: 'nowrap' }}>{localDateTime(at, me.timeZone)}</span>
        </Tooltip>
      ),
    },
    {
      title: t('audit.columns.staff'),
      dataIndex: 'staffName',
      width: 120,
      render: (name: string | null) => name ?? <Typography.Text type="secondary">{t('audit.noStaff')}</Typography.Text>,
    },
    {
      title: t('audit.columns.method'),
      dataIndex: 'method',
      render: (method: string) => {
        const label = methodLabel(t, method);
        // the method's name stays at hand for support, as the label's tooltip
        return label ? (
          <span title={method}>{label}</span>
        ) : (
          <Typography.Text code>{method}</Typography.Text>
        );
      },
    },
    {
      title: t('audit.columns.recordId'),
      dataIndex: 'recordId',
      render: (id: string | null) =>
        id ? (
          <Space size={4} style={{ whiteSpace: 'nowrap' }}>
            <Typography.Text copyable={{ text: id }} style={{ fontFamily: 'ui-monospace, monospace', fontSize: 12 }}>
              {id}
            </Typography.Text>
            <Tooltip title={t('audit.filterByRecord')}>
              <Button type="text" size="small" icon={<SearchOutlined />} aria-label={t('audit.filterByRecord')} onClick={() => filterByRecord(id)} />
            </Tooltip>
          </Space>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
    {
      title: t('audit.columns.detail'),
      dataIndex: 'detail',
      render: (detail: AuditEntry['detail']) => detailText(t, detail) ?? <Typography.Text type="secondary">—</Typography.Text>,
    },
  ];

  return (
    <Card
      title={t('audit.title')}
      extra={<Button icon={<ReloadOutlined />} onClick={() => void log.refetch()} aria-label={t('app.refresh')} title={t('app.refresh')} />}
    >
      <Typography.Paragraph type="secondary">
        {t('audit.intro')}
        <br />
        {t('audit.timeZoneNote', { zone: t(`station.timeZones.${me.timeZone}`, { defaultValue: me.timeZone }) })}
      </Typography.Paragraph>
      <Form<FilterValues> form={form} name="audit" layout="inline" onFinish={apply} style={{ rowGap: 12, marginBottom: 16 }}>
        <Form.Item name="range" label={t('audit.filters.range')}>
          <DatePicker.RangePicker allowEmpty={[true, true]} />
        </Form.Item>
        <Form.Item name="staffId" label={t('audit.filters.staff')}>
          <Select
            allowClear
            style={{ width: 160 }}
            placeholder={t('audit.filters.anyStaff')}
            loading={directory.isPending}
            showSearch={{ optionFilterProp: 'label' }}
            options={(directory.data ?? []).map((s) => ({ value: s.id, label: t('app.aside', { text: s.name, aside: t(`roles.${s.role}`) }) }))}
          />
        </Form.Item>
        <Form.Item name="method" label={t('audit.filters.method')}>
          <AutoComplete
            style={{ width: 240 }}
            options={methodOptions}
            placeholder={t('audit.filters.methodPlaceholder')}
            allowClear
            showSearch={{
              filterOption: (input, option) =>
                typeof option?.label === 'string' && option.label.toLowerCase().includes(input.trim().toLowerCase()),
            }}
          />
        </Form.Item>
        <Form.Item name="recordId" label={t('audit.filters.recordId')}>
          <Input style={{ width: 300 }} placeholder={t('audit.filters.recordIdPlaceholder')} allowClear spellCheck={false} />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="audit-search">
              {t('app.search')}
            </Button>
            <Button
              htmlType="button"
              onClick={() => {
                form.resetFields();
                clearFieldErrors(form);
                setFilters({});
              }}
            >
              {t('app.reset')}
            </Button>
          </Space>
        </Form.Item>
      </Form>
      {log.error && <Alert type="error" showIcon title={errorText(t, log.error)} style={{ marginBottom: 16 }} />}
      <Table<AuditEntry>
        rowKey="id"
        size="small"
        loading={log.isPending || (log.isFetching && !log.isFetchingNextPage)}
        dataSource={entries}
        columns={columns}
        pagination={false}
        locale={{ emptyText: t('audit.empty') }}
        data-testid="audit-table"
      />
      <div style={{ display: 'flex', justifyContent: 'center', alignItems: 'center', gap: 16, marginTop: 16 }}>
        <Typography.Text type="secondary">{t('audit.loaded', { count: entries.length })}</Typography.Text>
        {log.hasNextPage ? (
          <Button onClick={() => void log.fetchNextPage()} loading={log.isFetchingNextPage} data-testid="audit-more">
            {t('app.more')}
          </Button>
        ) : (
          entries.length > 0 && <Typography.Text type="secondary">{t('audit.end')}</Typography.Text>
        )}
      </div>
    </Card>
  );
};
