import { CheckCircleOutlined, CloudDownloadOutlined, KeyOutlined, LockOutlined, RollbackOutlined, SaveOutlined, WarningOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Empty, Form, Input, InputNumber, Modal, Space, Switch, Table, Tag, Tooltip, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import {
  backupAge,
  backupNow,
  backupPreview,
  backupRestore,
  backupSettings,
  backupStatus,
  BACKUP_STALE_HOURS,
  type BackupEntry,
  type BackupPreview,
  type BackupStatus,
} from '../../shared/backup/contract.js';
import { localDateTime } from '../../shared/time.js';
import { recordKindsOf } from '../../shared/backup/recordKinds.js';
import { checkForm, focusFirstError, markFieldErrors } from '../app/formErrors.js';
import { errorText } from '../app/i18n.js';
import { useMe } from '../app/me.js';
import { useAction, useMethod } from '../app/query.js';
import { call } from '../app/api.js';
import { RecoveryKeyCard } from './RecoveryKey.js';
import type { Names } from '../app/resources.js';

const tableName = (t: TFunction, name: string) => t(`backup.tables.${name}`, { defaultValue: name });

/** A preview's counts in words: each kind of record the backup holds, then the app's own records as one line. */
const previewRows = (t: TFunction, found: Record<string, number>) => {
  const { records, system } = recordKindsOf(found);
  return [
    ...records.map(({ table, n }) => ({ name: table, label: tableName(t, table), n })),
    ...(system > 0 ? [{ name: 'system', label: t('backup.systemRecords'), hint: t('backup.systemRecordsHint'), n: system }] : []),
  ];
};
const megabytes = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;

/** The station head's warning on the home screen when the last verified backup is old or missing. */
export const BackupAgeAlert = () => {
  const { t } = useTranslation();
  const { me } = useMe();
  const age = useMethod(backupAge, {}, { refetchInterval: 60_000 });
  if (!age.data) return null;
  const { lastError } = age.data;
  if (lastError) {
    // a failed backup stays on the home screen until one succeeds: the head must act on it
    return (
      <Alert
        type="error"
        showIcon
        role="alert"
        data-testid="backup-failed-home"
        title={t('backup.lastError', { text: t(`backup.error.${lastError.key as Names<'backup.error'>}`, { detail: lastError.detail ?? '' }) })}
        action={
          <Link to="/settings/backup">
            <Button size="small">{t('backup.homeOpen')}</Button>
          </Link>
        }
      />
    );
  }
  if (!age.data.stale && age.data.lastBackupAt) {
    return (
      <Alert
        type="success"
        showIcon
        data-testid="backup-age"
        title={`${t('backup.lastBackup')}: ${localDateTime(age.data.lastBackupAt, me.timeZone)} (${t('backup.age', { h: age.data.ageHours })})`}
      />
    );
  }
  return (
    <Alert
      type="warning"
      showIcon
      icon={<WarningOutlined />}
      data-testid="backup-age-warning"
      title={age.data.lastBackupAt ? t('backup.staleWarning', { h: BACKUP_STALE_HOURS }) : t('backup.noBackupWarning')}
      action={
        <Link to="/settings/backup">
          <Button size="small">{t('backup.homeOpen')}</Button>
        </Link>
      }
    />
  );
};

/** Backups for the station head: where and how often, back up now, the list, and restore. */
export const BackupPage = () => {
  const { t } = useTranslation();
  const { me } = useMe();
  const { message } = App.useApp();
  const status = useMethod(backupStatus, {}, { refetchInterval: 2000 });
  const now = useAction(backupNow);
  const [restoring, setRestoring] = useState<BackupEntry | null>(null);
  const s = status.data;
  if (!s) return <Card loading />;
  const when = (iso: string | null) => (iso ? localDateTime(iso, me.timeZone) : t('backup.never'));
  const errorLine = s.lastError ? t(`backup.error.${s.lastError.key as Names<'backup.error'>}`, { detail: s.lastError.detail ?? '' }) : null;
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card
        title={
          <Space>
            <LockOutlined />
            {t('backup.title')}
          </Space>
        }
        extra={
          <Button
            type="primary"
            icon={<CloudDownloadOutlined />}
            loading={now.isPending || s.running}
            disabled={!s.folder}
            data-testid="backup-now"
            onClick={async () => {
              try {
                await now.mutateAsync({});
                void message.info(t('backup.started'));
              } catch (err) {
                void message.error(errorText(t, err));
              }
            }}
          >
            {s.running ? t('backup.running') : t('backup.backUpNow')}
          </Button>
        }
      >
        <Typography.Paragraph type="secondary">{s.encrypted ? t('backup.encrypted') : t('backup.notEncrypted')}</Typography.Paragraph>
        {s.stale && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            title={s.lastBackupAt ? t('backup.staleWarning', { h: BACKUP_STALE_HOURS }) : t('backup.noBackupWarning')}
          />
        )}
        {errorLine && <Alert type="error" showIcon role="alert" style={{ marginBottom: 16 }} title={t('backup.lastError', { text: errorLine })} data-testid="backup-error" />}
        <Descriptions size="small" bordered column={1}>
          <Descriptions.Item label={t('backup.lastBackup')}>
            <span data-testid="backup-last">
              {when(s.lastBackupAt)}
              {s.ageHours !== null && ` (${t('backup.age', { h: s.ageHours })})`}
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={t('backup.folder')}>{s.folder ?? '—'}</Descriptions.Item>
        </Descriptions>
      </Card>
      <SettingsCard s={s} />
      <RecoveryKeyCard />
      <Card title={t('backup.listTitle')}>
        {s.backups.length === 0 ? (
          <Empty description={t('backup.empty')} />
        ) : (
          <Table<BackupEntry>
            size="small"
            rowKey="file"
            pagination={false}
            dataSource={s.backups}
            data-testid="backup-list"
            columns={[
              { title: t('backup.takenAt'), dataIndex: 'takenAt', render: (v: string) => localDateTime(v, me.timeZone) },
              { title: t('backup.kind'), dataIndex: 'kind', render: (k: BackupEntry['kind']) => t(`backup.kinds.${k}`) },
              { title: t('backup.size'), dataIndex: 'bytes', render: megabytes },
              {
                title: t('backup.rows'),
                dataIndex: 'counts',
                render: (c: Record<string, number>) => `${tableName(t, 'walk_in')} ${c.walk_in ?? 0}`,
              },
              {
                title: t('backup.verified'),
                dataIndex: 'verifiedAt',
                render: (v: string | null) =>
                  v ? (
                    <Tag color="success" icon={<CheckCircleOutlined />} data-testid="backup-verified">
                      {t('backup.verifiedOk')} {localDateTime(v, me.timeZone)}
                    </Tag>
                  ) : (
                    <Tag color="error">{t('backup.notVerified')}</Tag>
                  ),
              },
              {
                title: '',
                key: 'restore',
                render: (_: unknown, b: BackupEntry) => (
                  <Space>
                    {!b.sealedHere && (
                      <Tag color={b.recoverable ? 'blue' : 'default'} icon={<KeyOutlined />} data-testid="backup-foreign">
                        {b.recoverable ? t('backup.foreignKey') : t('backup.notRecoverableTag')}
                      </Tag>
                    )}
                    <Button size="small" icon={<RollbackOutlined />} onClick={() => setRestoring(b)}>
                      {t('backup.restore')}
                    </Button>
                  </Space>
                ),
              },
            ]}
          />
        )}
      </Card>
      {restoring && <RestoreModal entry={restoring} onClose={() => setRestoring(null)} />}
    </Space>
  );
};

type SettingsValues = { folder: string; enabled: boolean; intervalHours: number };

const SettingsCard = ({ s }: { s: BackupStatus }) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const save = useAction(backupSettings);
  const [form] = Form.useForm<SettingsValues>();
  return (
    <Card title={t('backup.settingsTitle')}>
      <Typography.Paragraph type="secondary">{t('backup.rotation')}</Typography.Paragraph>
      <Form<SettingsValues>
        form={form}
        name="backupSettings"
        layout="vertical"
        initialValues={{ folder: s.folder ?? '', enabled: s.enabled, intervalHours: s.intervalHours }}
        onFinish={async (values) => {
          const input = checkForm(form, t, backupSettings.input, values);
          if (!input) return;
          try {
            await save.mutateAsync(input);
            void message.success(t('app.saved'));
          } catch (err) {
            if (markFieldErrors(form, t, err)) focusFirstError(form, err);
            else void message.error(errorText(t, err));
          }
        }}
      >
        <Form.Item name="folder" label={t('backup.folder')} extra={t('backup.folderHint')}>
          <Input autoComplete="off" data-testid="backup-folder" />
        </Form.Item>
        <Space size="large" wrap>
          <Form.Item name="enabled" label={t('backup.enabled')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="intervalHours" label={t('backup.interval')}>
            <InputNumber min={1} max={168} suffix={t('backup.hours')} />
          </Form.Item>
        </Space>
        <Button type="primary" htmlType="submit" icon={<SaveOutlined />} loading={save.isPending} data-testid="backup-save">
          {t('app.save')}
        </Button>
      </Form>
    </Card>
  );
};

/**
 * A backup under another PC's key is opened with the recovery key first: the key typed here opens
 * the preview and then the restore; it stays in this dialog only.
 */
/** Asks for the recovery key of a backup made under another key; `open` tries it (in Settings, or at first run on a new PC). */
export const RecoveryKeyForm = ({ open, onOpened }: { open: (recoveryKey: string) => Promise<BackupPreview>; onOpened: (preview: BackupPreview, recoveryKey: string) => void }) => {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ recoveryKey: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  return (
    <Form
      form={form}
      name="recoveryKey"
      layout="vertical"
      onFinish={async ({ recoveryKey }) => {
        if (busy) return;
        setBusy(true);
        setError(null);
        try {
          onOpened(await open(recoveryKey ?? ''), recoveryKey ?? '');
        } catch (err) {
          if (!markFieldErrors(form, t, err)) setError(err);
          focusFirstError(form, err);
        } finally {
          setBusy(false);
        }
      }}
    >
      <Alert type="info" showIcon icon={<KeyOutlined />} style={{ marginBottom: 16 }} title={t('backup.foreignKeyHint')} />
      <Form.Item name="recoveryKey" label={t('backup.recoveryKeyIntro')}>
        <Input
          autoFocus
          autoComplete="off"
          spellCheck={false}
          placeholder={t('backup.recoveryKeyPlaceholder')}
          style={{ fontFamily: 'monospace', letterSpacing: '0.08em' }}
          data-testid="restore-recovery-key"
        />
      </Form.Item>
      {error !== null && <Alert type="error" showIcon role="alert" style={{ marginBottom: 16 }} title={errorText(t, error)} />}
      <Button type="primary" htmlType="submit" icon={<KeyOutlined />} loading={busy} data-testid="restore-recovery-open">
        {t('backup.recoveryKeyOpen')}
      </Button>
    </Form>
  );
};

/** What a backup holds: when it was taken, whether it is whole, its files, and its records by kind. */
export const PreviewDetails = ({ p, timeZone }: { p: BackupPreview; timeZone: string }) => {
  const { t } = useTranslation();
  return (
    <>
      <Descriptions size="small" bordered column={1}>
        <Descriptions.Item label={t('backup.takenAt')}>{localDateTime(p.takenAt, timeZone)}</Descriptions.Item>
        <Descriptions.Item label={t('backup.integrity')}>{p.integrity === 'ok' ? t('backup.integrityOk') : p.integrity}</Descriptions.Item>
        {p.files !== undefined && (
          <Descriptions.Item label={t('backup.files')}>
            {p.filesFound === p.files ? t('backup.filesAll', { count: p.files }) : t('backup.filesSome', { found: p.filesFound, count: p.files })}
          </Descriptions.Item>
        )}
      </Descriptions>
      <Table
        size="small"
        rowKey="name"
        pagination={false}
        data-testid="backup-preview-counts"
        dataSource={previewRows(t, p.found)}
        columns={[
          { title: t('backup.table'), dataIndex: 'name', render: (_: string, r: { label: string; hint?: string }) => (r.hint ? <Tooltip title={r.hint}>{r.label}</Tooltip> : r.label) },
          { title: t('backup.count'), dataIndex: 'n', align: 'right' },
        ]}
      />
    </>
  );
};

const RestoreModal = ({ entry, onClose }: { entry: BackupEntry; onClose: () => void }) => {
  const { t } = useTranslation();
  const { me } = useMe();
  const { message } = App.useApp();
  const { file } = entry;
  const [opened, setOpened] = useState<{ preview: BackupPreview; recoveryKey: string } | null>(null);
  const preview = useMethod(backupPreview, { file }, { enabled: entry.sealedHere });
  const restore = useAction(backupRestore);
  const p: BackupPreview | undefined = entry.sealedHere ? preview.data : opened?.preview;
  return (
    <Modal
      open
      title={t('backup.previewTitle')}
      onCancel={onClose}
      okText={t('backup.confirm')}
      okButtonProps={{ danger: true, disabled: !p || p.integrity !== 'ok', loading: restore.isPending }}
      onOk={async () => {
        try {
          const r = await restore.mutateAsync({ file, confirm: true, ...(opened ? { recoveryKey: opened.recoveryKey } : {}) });
          const replayed = r.purgesReplayed > 0 ? ` ${t('backup.purgesReplayed', { count: r.purgesReplayed })}` : '';
          void message.success(`${t('backup.restored', { at: localDateTime(r.takenAt, me.timeZone), aside: r.keptAside })}${replayed}`, 8);
          onClose();
        } catch (err) {
          void message.error(errorText(t, err));
        }
      }}
    >
      {preview.error && <Alert type="error" showIcon title={errorText(t, preview.error)} />}
      {!entry.sealedHere && !entry.recoverable && <Alert type="error" showIcon title={t('errors.backup.notRecoverable')} />}
      {!entry.sealedHere && entry.recoverable && !opened && <RecoveryKeyForm open={(recoveryKey) => call(backupPreview, { file, recoveryKey })} onOpened={(pv, recoveryKey) => setOpened({ preview: pv, recoveryKey })} />}
      {p && (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Paragraph>{t('backup.previewIntro')}</Typography.Paragraph>
          {opened && <Alert type="info" showIcon title={t('backup.recoveredKeyNote')} />}
          <PreviewDetails p={p} timeZone={me.timeZone} />
        </Space>
      )}
      {entry.sealedHere && !p && !preview.error && <Card loading bordered={false} />}
    </Modal>
  );
};
