import { Alert, Button, Card, Input, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PAIRING_CODE_MINUTES, TERMINAL_MODES, pairingRevoke, pairingStart, pairingStatus, type Terminal, type TerminalMode } from '../../shared/pairing/contract.js';
import { localDateTime } from '../../shared/time.js';
import { errorText } from '../app/i18n.js';
import { useMe } from '../app/me.js';
import { useAction, useMethod } from '../app/query.js';

/** The head's page: the certificate's fingerprint, pairing codes, and the paired terminals. */
export const PairingPage = () => {
  const { t } = useTranslation();
  const { me } = useMe();
  const start = useAction(pairingStart);
  // the code is typed on the other terminal: while one waits, look again every few seconds, so
  // the head sees it paired here without reloading
  const status = useMethod(pairingStatus, {}, {
    refetchInterval: (q) => (q.state.data?.terminals.some((x) => !x.pairedAt && !x.revokedAt) ? 2000 : false),
  });
  // a code is shown only while it can still be used
  const codeWaiting = !!start.data && !!status.data?.terminals.some((x) => x.id === start.data.id && !x.pairedAt && !x.revokedAt);
  const revoke = useAction(pairingRevoke);
  const [name, setName] = useState('');
  const [mode, setMode] = useState<TerminalMode>('full');
  const when = (iso: string | null) => (iso ? localDateTime(iso, me.timeZone) : '—');
  return (
    <Card title={t('pairing.title')}>
      <Typography.Paragraph type="secondary">{t('pairing.intro')}</Typography.Paragraph>
      <Typography.Paragraph>
        <b>{t('app.labelColon', { label: t('pairing.fingerprint') })}</b>
        {status.data?.fingerprint ? (
          <Typography.Text code copyable data-testid="pairing-fingerprint">
            {status.data.fingerprint}
          </Typography.Text>
        ) : (
          <Typography.Text type="secondary">{t('pairing.noCertificate')}</Typography.Text>
        )}
      </Typography.Paragraph>
      <Space style={{ marginBottom: 16 }}>
        <Input placeholder={t('pairing.name')} value={name} onChange={(e) => setName(e.target.value)} maxLength={40} style={{ width: 220 }} />
        <Select<TerminalMode>
          value={mode}
          onChange={setMode}
          options={TERMINAL_MODES.map((m) => ({ value: m, label: t(`pairing.modes.${m}`) }))}
          style={{ width: 200 }}
          aria-label={t('pairing.mode')}
          data-testid="pairing-mode"
        />
        <Button
          type="primary"
          disabled={!name.trim()}
          loading={start.isPending}
          onClick={() =>
            void start
              .mutateAsync({ name: name.trim(), mode })
              .then(() => setName(''))
              .catch(() => undefined)
          }
        >
          {t('pairing.start')}
        </Button>
      </Space>
      {codeWaiting && start.data && <Alert type="info" showIcon style={{ marginBottom: 16, fontSize: 18 }} title={t('pairing.code', { code: start.data.code, minutes: PAIRING_CODE_MINUTES })} />}
      {(status.error || start.error || revoke.error) && <Alert type="error" showIcon title={errorText(t, status.error ?? start.error ?? revoke.error)} style={{ marginBottom: 16 }} />}
      <Table<Terminal>
        rowKey="id"
        size="small"
        pagination={false}
        loading={status.isPending}
        dataSource={status.data?.terminals ?? []}
        columns={[
          { title: t('pairing.columns.name'), dataIndex: 'name' },
          { title: t('pairing.mode'), dataIndex: 'mode', render: (m: TerminalMode) => t(`pairing.modes.${m}`) },
          { title: t('pairing.columns.pairedAt'), dataIndex: 'pairedAt', render: when },
          { title: t('pairing.columns.lastSeenAt'), dataIndex: 'lastSeenAt', render: when },
          { title: t('pairing.columns.address'), dataIndex: 'lastAddress' },
          {
            title: t('pairing.columns.state'),
            render: (_: unknown, r) =>
              r.revokedAt ? <Tag>{t('pairing.revoked')}</Tag> : r.pairedAt ? <Tag color="green">{t('pairing.active')}</Tag> : <Tag color="orange">{t('pairing.waiting')}</Tag>,
          },
          {
            title: '',
            render: (_: unknown, r) =>
              !r.revokedAt && (
                <Popconfirm
                  title={t('pairing.confirmRevoke', { name: r.name })}
                  okText={t('pairing.confirmRevokeOk')}
                  okButtonProps={{ danger: true, ...{ 'data-testid': 'confirm-revoke' } }}
                  onConfirm={() => revoke.mutateAsync({ id: r.id }).catch(() => undefined)}
                >
                  <Button size="small" danger>
                    {t('pairing.revoke')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
    </Card>
  );
};
