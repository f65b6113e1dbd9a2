import { App as AntApp, Alert, Button, Card, Flex, Form, Input, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { NOTICE_FIELDS, NOTICE_KINDS, NOTICE_PAGE_SIZES } from '../../shared/office/notices.js';
import { ApiError, errorText, reasonText } from './api.js';
import { fill, type Strings } from './strings.js';
import { at, publish, published, type PublishedItem, useBucket } from './referenceBucket.js';

type TemplateFields = { kind: string; name: string; title: string; body: string; footer?: string | null; qr?: string | null; pageSize: string };

/** Notice templates: the published ones, and a form to publish a new one or the next version of one. */
export const NoticeTemplatesCard = ({ s, admin }: { s: Strings; admin: boolean }) => {
  const { message } = AntApp.useApp();
  const { items, error: loadError, reload } = useBucket('noticeTemplates');
  const [form] = Form.useForm<TemplateFields>();
  const [editing, setEditing] = useState<PublishedItem>();
  const [error, setError] = useState<string>();
  const fieldNames = new Set(['kind', 'name', 'title', 'body', 'footer', 'qr', 'pageSize']);
  const send = async (v: TemplateFields) => {
    setError(undefined);
    try {
      const r = await publish('noticeTemplates', { ...v, footer: v.footer || null, qr: v.qr || null }, editing?.id);
      void message.success(fill(s.publishedVersion, { version: r.version }));
      setEditing(undefined);
      form.resetFields();
      reload();
    } catch (e) {
      // a refused field is marked on the form as well as named above it
      if (e instanceof ApiError && e.field && fieldNames.has(e.field)) form.setFields([{ name: e.field as keyof TemplateFields, errors: [reasonText(s, e.reason, e.params)] }]);
      setError(errorText(s, e));
    }
  };
  return (
    <Card title={s.noticeTemplates} data-testid="templates">
      <Typography.Paragraph type="secondary">{s.noticeTemplatesAbout}</Typography.Paragraph>
      {loadError !== undefined && <Alert type="error" title={errorText(s, loadError)} style={{ marginBottom: 12 }} />}
      <Table<PublishedItem>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={items ?? []}
        loading={!items && loadError === undefined}
        locale={{ emptyText: s.noTemplates }}
        data-testid="templates-table"
        columns={[
          { title: s.templateName, key: 'name', render: (_: unknown, r) => String(r.payload.name ?? '') },
          { title: s.templateKind, key: 'kind', render: (_: unknown, r) => s.noticeKinds[String(r.payload.kind)] ?? String(r.payload.kind) },
          { title: s.templateTitle, key: 'title', render: (_: unknown, r) => String(r.payload.title ?? '') },
          { title: s.pageSize, key: 'pageSize', render: (_: unknown, r) => String(r.payload.pageSize ?? '') },
          { title: s.version, dataIndex: 'version', align: 'right' },
          { title: s.publishedAt, dataIndex: 'publishedAt', render: (v: string) => at(v) },
          { title: s.publishedBy, dataIndex: 'publishedBy' },
          ...(admin
            ? [
                {
                  title: '',
                  key: 'edit',
                  render: (_: unknown, r: PublishedItem) => (
                    <Button
                      size="small"
                      onClick={() => {
                        setEditing(r);
                        setError(undefined);
                        form.setFieldsValue(published(r.payload) as TemplateFields);
                      }}
                    >
                      {s.edit}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      {admin && (
        <Form<TemplateFields>
          form={form}
          layout="vertical"
          style={{ marginTop: 16 }}
          initialValues={{ kind: 'board', pageSize: 'A4' }}
          onFinish={(v) => void send(v)}
          data-testid="template-form"
        >
          <Typography.Text strong>{editing ? fill(s.editing, { name: String(editing.payload.name ?? ''), version: editing.version + 1 }) : s.newTemplate}</Typography.Text>
          <Flex gap={12} wrap style={{ marginTop: 8 }}>
            <Form.Item name="kind" label={s.templateKind} rules={[{ required: true }]} style={{ minWidth: 160 }}>
              <Select options={NOTICE_KINDS.map((k) => ({ value: k, label: s.noticeKinds[k] }))} />
            </Form.Item>
            <Form.Item name="name" label={s.templateName} rules={[{ required: true, message: s.reasons.required }]} style={{ flex: 1, minWidth: 200 }}>
              <Input maxLength={40} />
            </Form.Item>
            <Form.Item name="pageSize" label={s.pageSize} style={{ minWidth: 100 }}>
              <Select options={NOTICE_PAGE_SIZES.map((p) => ({ value: p, label: p }))} />
            </Form.Item>
          </Flex>
          <Form.Item name="title" label={s.templateTitle} rules={[{ required: true, message: s.reasons.required }]}>
            <Input maxLength={60} />
          </Form.Item>
          <Form.Item
            name="body"
            label={s.templateBody}
            rules={[{ required: true, message: s.reasons.required }]}
            extra={`${s.placeholders} ${NOTICE_FIELDS.map((f) => `{{${f}}} ${s.noticeFields[f]}`).join(s.placeholderSeparator)}`}
          >
            <Input.TextArea rows={5} maxLength={4000} />
          </Form.Item>
          <Form.Item name="footer" label={s.templateFooter}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
          <Form.Item name="qr" label={s.templateQr}>
            <Input maxLength={300} placeholder="tel:{{dutyPhone}}" />
          </Form.Item>
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="template-error" />}
          <Space>
            <Button type="primary" htmlType="submit" data-testid="template-publish">
              {editing ? fill(s.publishVersion, { version: editing.version + 1 }) : s.publish}
            </Button>
            {editing && (
              <Button
                onClick={() => {
                  setEditing(undefined);
                  setError(undefined);
                  form.resetFields();
                }}
              >
                {s.cancelEdit}
              </Button>
            )}
          </Space>
        </Form>
      )}
    </Card>
  );
};
