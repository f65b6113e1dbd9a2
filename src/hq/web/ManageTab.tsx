import { App as AntApp, Alert, Button, Card, Form, Input, InputNumber, Space, Switch, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { api, errorText } from './api.js';
import { fill, type Strings } from './strings.js';

/** Stations and the update feed: admins only. */
export const ManageTab = ({ s }: { s: Strings }) => {
  const { message } = AntApp.useApp();
  const [issued, setIssued] = useState<{ code: string; enrolmentCode: string; expiresAt: string }>();
  const wrap = (fn: (v: Record<string, string>) => Promise<void>) => async (v: Record<string, string>) => {
    try {
      await fn(v);
    } catch (e) {
      void message.error(errorText(s, e));
    }
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large">
      <Card title={s.newStation}>
        <Form
          layout="inline"
          onFinish={wrap(async (v) => {
            const r = await api<{ enrolmentCode: string; expiresAt: string }>('/api/stations', { method: 'POST', body: JSON.stringify(v) });
            setIssued({ code: v.code, ...r });
          })}
        >
          <Form.Item name="code" label={s.code} rules={[{ required: true }]}>
            <Input placeholder="SY-NJ-001" />
          </Form.Item>
          <Form.Item name="name" label={s.name} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name="district" label={s.district} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Button type="primary" htmlType="submit" data-testid="create-station">
            {s.create}
          </Button>
        </Form>
        {issued && (
          <Alert
            style={{ marginTop: 16 }}
            type="success"
            title={
              <span>
                {issued.code} · {s.codeIssued} <Typography.Text code copyable data-testid="enrolment-code">{issued.enrolmentCode}</Typography.Text>
              </span>
            }
            description={fill(s.codeExpires, { at: dayjs(issued.expiresAt).format('YYYY-MM-DD HH:mm') })}
          />
        )}
      </Card>
      <ReleasesCard s={s} />
    </Space>
  );
};

interface Release {
  version: string;
  held: boolean;
  stagingPercentage: number;
  files: string[];
  signed: boolean;
}

/** The update feed: hold a release back, or offer it to a share of stations first. */
const ReleasesCard = ({ s }: { s: Strings }) => {
  const { message } = AntApp.useApp();
  const [releases, setReleases] = useState<Release[]>([]);
  const load = useCallback(() => {
    api<Release[]>('/api/releases').then(setReleases, () => setReleases([]));
  }, []);
  useEffect(load, [load]);
  const save = async (r: Release) => {
    try {
      await api(`/api/releases/${r.version}`, { method: 'POST', body: JSON.stringify({ held: r.held, stagingPercentage: r.stagingPercentage }) });
      void message.success(s.published);
      load();
    } catch (e) {
      void message.error(errorText(s, e));
    }
  };
  const change = (version: string, patch: Partial<Release>) => setReleases((rs) => rs.map((r) => (r.version === version ? { ...r, ...patch } : r)));
  return (
    <Card title={s.releases}>
      <Table<Release>
        size="small"
        rowKey="version"
        pagination={false}
        dataSource={releases}
        locale={{ emptyText: s.noReleases }}
        columns={[
          { title: s.version, dataIndex: 'version' },
          {
            title: s.signature,
            dataIndex: 'signed',
            render: (signed: boolean) => (signed ? <Tag color="success">{s.signed}</Tag> : <Tag color="error">{s.unsigned}</Tag>),
          },
          { title: s.held, dataIndex: 'held', render: (held: boolean, r) => <Switch checked={held} onChange={(v) => change(r.version, { held: v })} /> },
          {
            title: s.staging,
            dataIndex: 'stagingPercentage',
            render: (p: number, r) => <InputNumber min={0} max={100} value={p} onChange={(v) => change(r.version, { stagingPercentage: Number(v ?? 100) })} />,
          },
          { title: '', key: 'save', render: (_: unknown, r) => <Button size="small" onClick={() => void save(r)}>{s.save}</Button> },
        ]}
      />
    </Card>
  );
};
