/**
 * The reference data HQ publishes to every station, one card per bucket: what is published now
 * (everyone sees it and can download it) and, for admins, how to publish a new version. HQ checks
 * every item with the shape the stations check it with and names the field it refuses; the page
 * shows that answer rather than guessing it.
 */
import { App as AntApp, Alert, Button, Card, DatePicker, Flex, Form, Input, Popconfirm, Select, Space, Switch, Table, Tag, Typography, Upload } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { DEFAULT_RISK_RULES, RISK_RULES } from '../../shared/mediation/risk.js';
import { DISPUTE_TYPES } from '../../shared/mediation/model.js';
import { NOTICE_FIELDS, NOTICE_KINDS, NOTICE_PAGE_SIZES } from '../../shared/office/notices.js';
import type { PublishedBucket } from '../../shared/sync/protocol.js';
import shippedTaskList from '../../../resources/task-standard.json';
import { ApiError, api, errorText, reasonText } from './api.js';
import { fill, zh, type Strings } from './strings.js';

export interface PublishedItem {
  id: string;
  version: number;
  payload: Record<string, unknown>;
  publishedAt: string;
  publishedBy: string;
}

const at = (iso: string) => dayjs(iso).format('YYYY-MM-DD HH:mm');

/** A bucket's items as HQ holds them, newest publication first. */
const useBucket = (bucket: PublishedBucket) => {
  const [items, setItems] = useState<PublishedItem[]>();
  const [error, setError] = useState<unknown>();
  const reload = useCallback(() => {
    api<PublishedItem[]>(`/api/reference/${bucket}`).then(setItems, setError);
  }, [bucket]);
  useEffect(reload, [reload]);
  return { items, error, reload };
};

/** What was published, without the id and version HQ adds: the same JSON an admin uploads. */
const published = ({ id: _id, version: _version, ...rest }: Record<string, unknown>) => rest;

const downloadJson = (fileName: string, data: unknown) => {
  const url = URL.createObjectURL(new Blob([`${JSON.stringify(data, null, 2)}\n`], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  URL.revokeObjectURL(url);
};

const publish = (bucket: PublishedBucket, payload: unknown, id?: string) =>
  api<{ id: string; version: number }>(`/api/reference/${bucket}`, { method: 'POST', body: JSON.stringify({ payload, ...(id ? { id } : {}) }) });

/**
 * A bucket published as one JSON document that replaces the last (the standard task list, the
 * early-warning rules): the current version with a download, and for admins a file or pasted text
 * published as the next version of the same item.
 */
const JsonBucketCard = ({
  s,
  admin,
  bucket,
  title,
  about,
  summary,
  shipped,
  testId,
}: {
  s: Strings;
  admin: boolean;
  bucket: PublishedBucket;
  title: string;
  about: string;
  summary: (payload: Record<string, unknown>) => string;
  shipped: unknown;
  testId: string;
}) => {
  const { message } = AntApp.useApp();
  const { items, error: loadError, reload } = useBucket(bucket);
  const current = items?.[0];
  const [text, setText] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const send = async () => {
    setError(undefined);
    let payload: unknown;
    try {
      payload = JSON.parse(text);
    } catch (e) {
      setError(fill(s.badJson, { e: (e as Error).message }));
      return;
    }
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
      setError(fill(s.fieldError, { field: s.wholeItem, reason: s.reasons.invalidType }));
      return;
    }
    setBusy(true);
    try {
      // the next version of the one item: a station applies each version once, the newest wins
      const r = await publish(bucket, payload, current?.id);
      void message.success(fill(s.publishedVersion, { version: r.version }));
      setText('');
      reload();
    } catch (e) {
      setError(errorText(s, e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={title} data-testid={testId}>
      <Typography.Paragraph type="secondary">{about}</Typography.Paragraph>
      {loadError !== undefined && <Alert type="error" title={errorText(s, loadError)} style={{ marginBottom: 12 }} />}
      <Flex gap={12} align="center" wrap style={{ marginBottom: 12 }}>
        {current ? (
          <Space orientation="vertical" size={0} data-testid={`${testId}-current`}>
            <Typography.Text strong>{fill(s.current, { version: current.version, by: current.publishedBy, at: at(current.publishedAt) })}</Typography.Text>
            <Typography.Text>{summary(current.payload)}</Typography.Text>
          </Space>
        ) : (
          items && <Typography.Text type="secondary">{s.notPublished}</Typography.Text>
        )}
        <div style={{ flex: 1 }} />
        {current ? (
          <Button onClick={() => downloadJson(`${bucket}-v${current.version}.json`, published(current.payload))} data-testid={`${testId}-download`}>
            {s.download}
          </Button>
        ) : (
          <Button onClick={() => downloadJson(`${bucket}-shipped.json`, shipped)}>{s.downloadShipped}</Button>
        )}
      </Flex>
      {admin && (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Upload
            accept=".json,application/json"
            showUploadList={false}
            beforeUpload={(file) => {
              // read here, published only when the admin says so
              void file.text().then((t) => {
                setText(t);
                setError(undefined);
              });
              return false;
            }}
          >
            <Button data-testid={`${testId}-file`}>{s.chooseFile}</Button>
          </Upload>
          <Input.TextArea
            rows={8}
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder={s.pasteHint}
            style={{ fontFamily: 'monospace' }}
            data-testid={`${testId}-json`}
          />
          {error && <Alert type="error" showIcon title={error} data-testid={`${testId}-error`} />}
          <Button type="primary" disabled={!text.trim()} loading={busy} onClick={() => void send()} data-testid={`${testId}-publish`}>
            {fill(s.publishVersion, { version: (current?.version ?? 0) + 1 })}
          </Button>
        </Space>
      )}
    </Card>
  );
};

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
            extra={`${s.placeholders} ${NOTICE_FIELDS.map((f) => `{{${f}}} ${s.noticeFields[f]}`).join('，')}`}
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

interface Day {
  /** the row's key: its date once published, a local key while new */
  key: string;
  id?: string;
  date: string | null;
  name: string;
  workday: boolean;
  state: 'published' | 'new' | 'changed' | 'withdraw';
}

/**
 * The holiday calendar, a year at a time: a table of dates, each a day off or a make-up working
 * day (调休), edited in place and published as one change per date. A date published by mistake is
 * withdrawn (HQ keeps one item per date; the station keeps its newest version).
 */
export const HolidaysCard = ({ s, admin }: { s: Strings; admin: boolean }) => {
  const { message } = AntApp.useApp();
  const { items, error: loadError, reload } = useBucket('holidays');
  const [year, setYear] = useState(dayjs().year());
  const [edits, setEdits] = useState<Record<string, Day & { year: number }>>({});
  const [errors, setErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const live = useMemo(
    () =>
      (items ?? [])
        .map((i) => ({ id: i.id, ...(i.payload as { date: string; name: string; workday?: boolean; withdrawn?: boolean }) }))
        .filter((d) => !d.withdrawn),
    [items],
  );
  const years = useMemo(() => {
    const now = dayjs().year();
    return [...new Set([now - 1, now, now + 1, ...live.map((d) => Number(d.date.slice(0, 4)))])].sort();
  }, [live]);
  const rows: Day[] = [
    ...live
      .filter((d) => d.date.startsWith(`${year}-`))
      .map((d): Day => edits[d.date] ?? { key: d.date, id: d.id, date: d.date, name: d.name, workday: d.workday === true, state: 'published' }),
    ...Object.values(edits).filter((e) => e.state === 'new' && e.year === year),
  ].sort((a, b) => (a.date ?? '9999').localeCompare(b.date ?? '9999'));
  const pending = Object.values(edits).filter((e) => e.state !== 'published');

  const change = (row: Day, patch: Partial<Day>) =>
    setEdits((all) => {
      const next = { ...row, ...patch };
      if (next.state === 'published') next.state = 'changed';
      const original = live.find((d) => d.date === row.key);
      // a published day changed back to what it was is no change
      if (next.state === 'changed' && original && original.name === next.name && (original.workday === true) === next.workday) {
        const { [row.key]: _gone, ...rest } = all;
        return rest;
      }
      return { ...all, [row.key]: { ...next, year } };
    });
  const drop = (row: Day) =>
    setEdits((all) => {
      const { [row.key]: _gone, ...rest } = all;
      return rest;
    });
  const add = () => {
    const key = `new-${Date.now()}-${Math.random().toString(36).slice(2, 6)}`;
    setEdits((all) => ({ ...all, [key]: { key, date: null, name: '', workday: false, state: 'new', year } }));
  };
  const label = (field: string | undefined) => (field === 'date' ? s.date : field === 'name' ? s.holidayName : field === 'workday' ? s.workday : field || s.wholeItem);

  const send = async () => {
    setErrors([]);
    const problems: string[] = [];
    const dates = new Set(live.map((d) => d.date));
    for (const e of pending) {
      if (e.state !== 'new') continue;
      if (!e.date) problems.push(fill(s.dayError, { date: '—', error: `${s.date}：${s.reasons.required}` }));
      else if (dates.has(e.date)) problems.push(fill(s.dayTaken, { date: e.date }));
      else dates.add(e.date);
    }
    if (problems.length > 0) {
      setErrors(problems);
      return;
    }
    setBusy(true);
    const done: string[] = [];
    for (const e of pending) {
      const payload = { date: e.date, name: e.name, workday: e.workday, ...(e.state === 'withdraw' ? { withdrawn: true } : {}) };
      try {
        await publish('holidays', payload, e.id);
        done.push(e.key);
      } catch (err) {
        const why = err instanceof ApiError && err.code === 'invalid' ? `${label(err.field)}：${reasonText(s, err.reason, err.params)}` : errorText(s, err);
        problems.push(fill(s.dayError, { date: e.date ?? '—', error: why }));
      }
    }
    setBusy(false);
    setErrors(problems);
    setEdits((all) => Object.fromEntries(Object.entries(all).filter(([k]) => !done.includes(k))));
    if (done.length > 0) void message.success(fill(s.daysPublished, { n: done.length }));
    reload();
  };

  const stateTag = (d: Day) =>
    d.state === 'new' ? <Tag color="blue">{s.rowNew}</Tag> : d.state === 'changed' ? <Tag color="orange">{s.rowChanged}</Tag> : d.state === 'withdraw' ? <Tag color="red">{s.rowWithdraw}</Tag> : null;

  return (
    <Card
      title={s.holidays}
      data-testid="holidays"
      extra={
        <Space>
          {s.year}
          <Select value={year} onChange={setYear} options={years.map((y) => ({ value: y, label: y }))} style={{ width: 100 }} data-testid="holidays-year" />
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{s.holidaysAbout}</Typography.Paragraph>
      {loadError !== undefined && <Alert type="error" title={errorText(s, loadError)} style={{ marginBottom: 12 }} />}
      <Table<Day>
        size="small"
        rowKey="key"
        pagination={false}
        dataSource={rows}
        loading={!items && loadError === undefined}
        locale={{ emptyText: fill(s.noDays, { year }) }}
        data-testid="holidays-table"
        onRow={(d) => ({ 'data-testid': `holiday-${d.date ?? d.key}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          {
            title: s.date,
            key: 'date',
            width: 170,
            render: (_: unknown, d) =>
              admin && d.state === 'new' ? (
                <DatePicker
                  value={d.date ? dayjs(d.date) : null}
                  defaultPickerValue={dayjs(`${year}-01-01`)}
                  disabledDate={(x) => x.year() !== year}
                  onChange={(v) => change(d, { date: v ? v.format('YYYY-MM-DD') : null })}
                  data-testid="holiday-date"
                />
              ) : (
                <Typography.Text delete={d.state === 'withdraw'}>{d.date}</Typography.Text>
              ),
          },
          {
            title: s.holidayName,
            key: 'name',
            render: (_: unknown, d) =>
              admin && d.state !== 'withdraw' ? (
                <Input value={d.name} maxLength={40} onChange={(e) => change(d, { name: e.target.value })} data-testid="holiday-name" />
              ) : (
                d.name
              ),
          },
          {
            title: s.workday,
            key: 'workday',
            width: 150,
            render: (_: unknown, d) =>
              admin && d.state !== 'withdraw' ? (
                <Switch checked={d.workday} checkedChildren={s.workday} unCheckedChildren={s.dayOff} onChange={(v) => change(d, { workday: v })} data-testid="holiday-workday" />
              ) : d.workday ? (
                <Tag color="orange">{s.workday}</Tag>
              ) : (
                <Tag color="green">{s.dayOff}</Tag>
              ),
          },
          ...(admin
            ? [
                { title: '', key: 'state', width: 90, render: (_: unknown, d: Day) => stateTag(d) },
                {
                  title: '',
                  key: 'actions',
                  width: 90,
                  render: (_: unknown, d: Day): ReactNode =>
                    d.state === 'published' ? (
                      <Popconfirm title={`${s.withdraw} ${d.date}？`} onConfirm={() => change(d, { state: 'withdraw' })}>
                        <Button size="small" danger data-testid="holiday-withdraw">
                          {s.withdraw}
                        </Button>
                      </Popconfirm>
                    ) : (
                      <Button size="small" onClick={() => drop(d)}>
                        {s.undo}
                      </Button>
                    ),
                },
              ]
            : []),
        ]}
      />
      {errors.length > 0 && (
        <Alert type="error" showIcon style={{ marginTop: 12 }} data-testid="holidays-error" title={errors.map((e) => <div key={e}>{e}</div>)} />
      )}
      {admin && (
        <Space style={{ marginTop: 12 }}>
          <Button onClick={add} data-testid="holiday-add">
            {s.addDay}
          </Button>
          <Button type="primary" disabled={pending.length === 0} loading={busy} onClick={() => void send()} data-testid="holidays-publish">
            {fill(s.publishChanges, { n: pending.length })}
          </Button>
        </Space>
      )}
    </Card>
  );
};

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
            render: (_: unknown, r) => (Array.isArray(r.payload.specialties) ? r.payload.specialties.map((t) => s.disputeTypes[String(t)] ?? String(t)).join('、') : ''),
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
