/**
 * The reference data HQ publishes to every station, one card per bucket: what is published now
 * (everyone sees it and can download it) and, for admins, how to publish a new version. HQ checks
 * every item with the shape the stations check it with and names the field it refuses; the page
 * shows that answer rather than guessing it.
 */
import { App as AntApp, Button, Card, Form, Input, Select, Space, Table } from 'antd';
import { DEFAULT_RISK_RULES, RISK_RULES } from '../../shared/mediation/risk.js';
import { DISPUTE_TYPES } from '../../shared/mediation/model.js';
import shippedTaskList from '../../../resources/task-standard.json';
import { errorText } from './api.js';
import { fill, listOf, zh, type Strings } from './strings.js';
import { JsonBucketCard, at, publish, type PublishedItem, useBucket } from './referenceBucket.js';
import { HolidaysCard } from './HolidaysCard.js';
import { NoticeTemplatesCard } from './NoticeTemplatesCard.js';

export const TaskListCard = ({ s, admin }: { s: Strings; admin: boolean }) => (
  <JsonBucketCard
    s={s}
    admin={admin}
    bucket="taskList"
    title={s.taskList}
    about={s.taskListAbout}
    shipped={shippedTaskList}
    testId="tasklist"
    summary={(p) =>
      fill(s.taskListSummary, {
        listId: String(p.listId ?? ''),
        title: String((s === zh ? p.title : (p.titleEn ?? p.title)) ?? ''),
        n: Array.isArray(p.tasks) ? p.tasks.length : 0,
        date: String(p.publishedAt ?? ''),
      })
    }
  />
);

export const RiskRulesCard = ({ s, admin }: { s: Strings; admin: boolean }) => (
  <JsonBucketCard
    s={s}
    admin={admin}
    bucket="riskRules"
    title={s.riskRules}
    about={s.riskRulesAbout}
    shipped={DEFAULT_RISK_RULES}
    testId="riskrules"
    summary={(p) =>
      fill(s.riskSummary, {
        medium: String(p.mediumThreshold ?? ''),
        high: String(p.highThreshold ?? ''),
        enabled: RISK_RULES.filter((r) => (p[r] as { enabled?: boolean } | undefined)?.enabled).length,
        total: RISK_RULES.length,
      })
    }
  />
);

/** Directives sent to stations: the list, and for admins the form. */
export const DirectivesCard = ({ s, admin }: { s: Strings; admin: boolean }) => {
  const { message } = AntApp.useApp();
  const { items, reload } = useBucket('directives');
  const [form] = Form.useForm<{ title: string; body: string }>();
  return (
    <Card title={admin ? s.publishDirective : s.directives} data-testid="directives">
      {admin && (
        <Form
          form={form}
          layout="vertical"
          onFinish={async (v: { title: string; body: string }) => {
            try {
              await publish('directives', { title: v.title, body: v.body, issuedAt: new Date().toISOString() });
              void message.success(s.published);
              form.resetFields();
              reload();
            } catch (e) {
              void message.error(errorText(s, e));
            }
          }}
        >
          <Form.Item name="title" label={s.directiveTitle} rules={[{ required: true }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="body" label={s.directiveBody} rules={[{ required: true }]}>
            <Input.TextArea rows={4} maxLength={5000} />
          </Form.Item>
          <Button type="primary" htmlType="submit" style={{ marginBottom: 16 }}>
            {s.publish}
          </Button>
        </Form>
      )}
      <Table<PublishedItem>
        size="small"
        rowKey="id"
        pagination={{ pageSize: 5, hideOnSinglePage: true }}
        dataSource={items ?? []}
        locale={{ emptyText: s.none }}
        columns={[
          { title: s.directiveTitle, key: 'title', render: (_: unknown, r) => String(r.payload.title ?? '') },
          { title: s.issuedAt, dataIndex: 'publishedAt', width: 170, render: (v: string) => at(v) },
          { title: s.publishedBy, dataIndex: 'publishedBy', width: 120 },
        ]}
      />
    </Card>
  );
};

/** HQ's mediator pool: the list, and for admins the form that adds one. */
export const MediatorsCard = ({ s, admin }: { s: Strings; admin: boolean }) => {
  const { message } = AntApp.useApp();
  const { items, reload } = useBucket('mediators');
  const [form] = Form.useForm<{ name: string; specialties?: string[]; organisation?: string; phone?: string }>();
  return (
    <Card title={admin ? s.addMediator : s.mediators} data-testid="mediators">
      {admin && (
        <Form
          form={form}
          layout="inline"
          style={{ marginBottom: 16 }}
          onFinish={async (v: { name: string; specialties?: string[]; organisation?: string; phone?: string }) => {
            try {
              await publish('mediators', { name: v.name, specialties: v.specialties ?? [], organisation: v.organisation || null, phone: v.phone || null });
              void message.success(s.published);
              form.resetFields();
              reload();
            } catch (e) {
              void message.error(errorText(s, e));
            }
          }}
        >
          <Form.Item name="name" label={s.name} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name="specialties" label={s.specialties}>
            <Select mode="multiple" style={{ minWidth: 200 }} options={DISPUTE_TYPES.map((t) => ({ value: t, label: s.disputeTypes[t] }))} />
          </Form.Item>
          <Form.Item name="organisation" label={s.organisation}>
            <Input />
          </Form.Item>
          <Form.Item name="phone" label={s.phone}>
            <Input />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            {s.publish}
          </Button>
        </Form>
      )}
      <Table<PublishedItem>
        size="small"
        rowKey="id"
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        dataSource={items ?? []}
        locale={{ emptyText: s.none }}
        columns={[
          { title: s.name, key: 'name', render: (_: unknown, r) => String(r.payload.name ?? '') },
          {
            title: s.specialties,
            key: 'specialties',
            render: (_: unknown, r) => (Array.isArray(r.payload.specialties) ? listOf(s, r.payload.specialties.map((t) => s.disputeTypes[String(t)] ?? String(t))) : ''),
          },
          { title: s.organisation, key: 'organisation', render: (_: unknown, r) => String(r.payload.organisation ?? '') },
          { title: s.phone, key: 'phone', render: (_: unknown, r) => String(r.payload.phone ?? '') },
        ]}
      />
    </Card>
  );
};

/** Everything HQ publishes: everyone sees it; admins publish. */
export const ReferenceTab = ({ s, admin }: { s: Strings; admin: boolean }) => (
  <Space orientation="vertical" style={{ width: '100%' }} size="large">
    <TaskListCard s={s} admin={admin} />
    <HolidaysCard s={s} admin={admin} />
    <NoticeTemplatesCard s={s} admin={admin} />
    <RiskRulesCard s={s} admin={admin} />
    <DirectivesCard s={s} admin={admin} />
    <MediatorsCard s={s} admin={admin} />
  </Space>
);
