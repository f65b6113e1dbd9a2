import { ImportOutlined, SafetyCertificateOutlined, SendOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { syncReceiveTransfer, syncSetCa, syncTransferCase, syncTransfers, type CaseTransfer, type SyncStatus } from '../../shared/sync/contract.js';
import { localDateTime } from '../../shared/time.js';
import { checkForm, focusFirstError, markFieldErrors } from '../app/formErrors.js';
import { errorText } from '../app/i18n.js';
import { useCan } from '../app/me.js';
import { useAction, useMethod } from '../app/query.js';
import type { Names } from '../app/resources.js';
import { listText } from '../app/messages.js';

const STATUS_COLOURS: Record<CaseTransfer['status'], string> = { requested: 'processing', received: 'warning', accepted: 'success', refused: 'error' };

interface TransferValues {
  caseId?: string;
  toStationCode: string;
  reason: string;
}

/**
 * Cases moving between stations through HQ: those this station sent (read-only here from the
 * request on) and those sent to it, which the head takes into the station's own cases.
 */
export const TransfersCard = ({ tz }: { tz: string }) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const view = useMethod(syncTransfers, {});
  const send = useAction(syncTransferCase);
  const receive = useAction(syncReceiveTransfer);
  const [form] = Form.useForm<TransferValues>();
  const [error, setError] = useState<unknown>(null);
  const submit = async (values: TransferValues) => {
    setError(null);
    const input = checkForm(form, t, syncTransferCase.input, values);
    if (!input) return;
    try {
      await send.mutateAsync(input);
      form.resetFields();
      void message.success(t('sync.transfer.sent'));
    } catch (err) {
      if (markFieldErrors(form, t, err)) focusFirstError(form, err);
      else setError(err);
    }
  };
  const statusText = (r: CaseTransfer) => {
    const base = t(`sync.transfer.status.${r.direction}.${r.status}`);
    if (r.status === 'refused' && r.statusNote) return t('sync.transfer.withNote', { status: base, note: t(`sync.transfer.refusal.${r.statusNote}`, { defaultValue: r.statusNote }) });
    if (r.status === 'accepted' && r.newCaseNo) return t('sync.transfer.withCaseNo', { status: base, caseNo: r.newCaseNo });
    return base;
  };
  return (
    <Card title={t('sync.transfer.title')} loading={!view.data}>
      <Typography.Paragraph type="secondary">{t('sync.transfer.intro')}</Typography.Paragraph>
      {can(syncTransferCase) && (
        <>
          {error !== null && <Alert type="error" showIcon title={errorText(t, error)} style={{ marginBottom: 16 }} />}
          <Form<TransferValues> form={form} name="syncTransfer" layout="inline" onFinish={submit} style={{ marginBottom: 16, rowGap: 8 }}>
            <Form.Item name="caseId" label={t('sync.transfer.case')}>
              <Select
                style={{ width: 220 }}
                showSearch
                optionFilterProp="label"
                data-testid="transfer-case"
                options={(view.data?.transferable ?? []).map((c) => ({ value: c.id, label: `${c.caseNo} · ${t(`mediation.types.${c.type}`, { defaultValue: c.type })}` }))}
              />
            </Form.Item>
            <Form.Item name="toStationCode" label={t('sync.transfer.to')}>
              <Input placeholder="SY-NJ-002" style={{ width: 150 }} data-testid="transfer-to" />
            </Form.Item>
            <Form.Item name="reason" label={t('sync.transfer.reason')}>
              <Input style={{ width: 320 }} data-testid="transfer-reason" />
            </Form.Item>
            <Button htmlType="submit" icon={<SendOutlined />} loading={send.isPending} data-testid="transfer-send">
              {t('sync.transfer.send')}
            </Button>
          </Form>
        </>
      )}
      <Table<CaseTransfer>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={view.data?.transfers ?? []}
        locale={{ emptyText: t('sync.transfer.none') }}
        columns={[
          { title: t('sync.transfer.direction'), dataIndex: 'direction', render: (d: Names<'sync.transfer.dir'>) => t(`sync.transfer.dir.${d}`) },
          { title: t('sync.transfer.caseNo'), dataIndex: 'caseNo' },
          {
            title: t('sync.transfer.between'),
            render: (_, r) => (r.direction === 'out' ? `→ ${r.toStationCode}` : `${r.fromStationName} (${r.fromStationCode}) →`),
          },
          { title: t('sync.transfer.reason'), dataIndex: 'reason' },
          {
            title: t('sync.transfer.contents'),
            render: (_, r) =>
              r.summary && (
                <Space direction="vertical" size={0}>
                  <span>{t('sync.transfer.parties', { names: listText(t, r.summary.parties) })}</span>
                  <span>{t('sync.transfer.sessions', { n: r.summary.sessions })}</span>
                  {r.summary.files.length > 0 && (
                    <Typography.Text type="secondary">{t('sync.transfer.filesStay', { names: listText(t, r.summary.files.map((f) => f.fileName)) })}</Typography.Text>
                  )}
                </Space>
              ),
          },
          { title: t('sync.transfer.requestedAt'), dataIndex: 'requestedAt', render: (a: string, r) => `${localDateTime(a, tz)} ${r.requestedBy}` },
          {
            title: t('sync.transfer.state'),
            render: (_, r) => (
              <Space>
                <Tag color={STATUS_COLOURS[r.status]} data-testid={`transfer-status-${r.caseNo}`}>
                  {statusText(r)}
                </Tag>
                {r.direction === 'in' && r.status === 'received' && can(syncReceiveTransfer) && (
                  <Popconfirm
                    title={t('sync.transfer.receiveConfirm')}
                    onConfirm={async () => {
                      try {
                        const done = await receive.mutateAsync({ id: r.id });
                        void message.success(t('sync.transfer.received', { caseNo: done.newCaseNo }));
                      } catch (err) {
                        void message.error(errorText(t, err));
                      }
                    }}
                  >
                    <Button size="small" type="primary" icon={<ImportOutlined />} data-testid={`transfer-receive-${r.caseNo}`}>
                      {t('sync.transfer.receive')}
                    </Button>
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
};

/** HQ's own certificate authority, pinned: over HTTPS the station trusts no other certificate for HQ. */
export const CaCard = ({ s }: { s: SyncStatus }) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const save = useAction(syncSetCa);
  const [form] = Form.useForm<{ pem: string }>();
  const store = async (pem: string | null) => {
    try {
      await save.mutateAsync({ pem });
      form.resetFields();
      void message.success(t('app.saved'));
    } catch (err) {
      if (!markFieldErrors(form, t, err)) void message.error(errorText(t, err));
    }
  };
  return (
    <Card title={t('sync.ca.title')} extra={<Tag icon={<SafetyCertificateOutlined />}>{s.caPinned ? t('sync.ca.pinned') : t('sync.ca.system')}</Tag>}>
      <Typography.Paragraph type="secondary">{t('sync.ca.intro')}</Typography.Paragraph>
      <Form form={form} name="syncCa" layout="vertical" onFinish={(v) => store(v.pem?.trim() || null)}>
        <Form.Item name="pem" label={t('sync.ca.pem')}>
          <Input.TextArea rows={4} placeholder="-----BEGIN CERTIFICATE-----" style={{ fontFamily: 'monospace' }} />
        </Form.Item>
        <Space>
          <Button htmlType="submit" loading={save.isPending}>
            {t('sync.ca.save')}
          </Button>
          {s.caPinned && <Button onClick={() => void store(null)}>{t('sync.ca.clear')}</Button>}
        </Space>
      </Form>
    </Card>
  );
};
