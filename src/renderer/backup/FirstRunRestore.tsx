import { FolderOpenOutlined, RollbackOutlined } from '@ant-design/icons';
import { Alert, App, Button, Form, Input, List, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { backupFirstRunList, backupFirstRunPreview, backupFirstRunRestore, type BackupEntry, type BackupPreview } from '../../shared/backup/contract.js';
import { DEFAULT_TIME_ZONE, localDateTime } from '../../shared/time.js';
import { call } from '../app/api.js';
import { checkForm, focusFirstError, markFieldErrors } from '../app/formErrors.js';
import { errorText } from '../app/i18n.js';
import { AuthScreen } from '../auth/AuthScreen.js';
import { PreviewDetails, RecoveryKeyForm } from './BackupPage.js';

/**
 * First run on a new PC, instead of setting up a new station: the head points at the backup disk,
 * picks a backup, types the recovery key from the printed sheet, checks what the backup holds and
 * restores it; then logs in with the station's own accounts. No station exists here yet, so the
 * times are shown in the default time zone until the restored station's own is known.
 */
export const FirstRunRestore = ({ onBack, onDone }: { onBack: () => void; onDone: () => void }) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ folder: string }>();
  const [folder, setFolder] = useState<string | null>(null);
  const [backups, setBackups] = useState<BackupEntry[] | null>(null);
  const [chosen, setChosen] = useState<BackupEntry | null>(null);
  const [opened, setOpened] = useState<{ preview: BackupPreview; recoveryKey?: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const find = async (values: { folder?: string }) => {
    const input = checkForm(form, t, backupFirstRunList.input, { folder: values.folder ?? '' });
    if (!input || busy) return;
    setBusy(true);
    setError(null);
    setChosen(null);
    setOpened(null);
    try {
      setBackups(await call(backupFirstRunList, input));
      setFolder(input.folder);
    } catch (err) {
      if (markFieldErrors(form, t, err)) focusFirstError(form, err);
      else setError(err);
    } finally {
      setBusy(false);
    }
  };

  const choose = async (entry: BackupEntry) => {
    setChosen(entry);
    setOpened(null);
    setError(null);
    // a backup this PC's key opens (the same PC, set up again) needs no recovery key
    if (entry.sealedHere && folder) {
      try {
        setOpened({ preview: await call(backupFirstRunPreview, { folder, file: entry.file }) });
      } catch (err) {
        setError(err);
      }
    }
  };

  const restore = async () => {
    if (!folder || !chosen || !opened || busy) return;
    setBusy(true);
    setError(null);
    try {
      const r = await call(backupFirstRunRestore, { folder, file: chosen.file, confirm: true, ...(opened.recoveryKey ? { recoveryKey: opened.recoveryKey } : {}) });
      void message.success(t('backup.firstRun.done', { at: localDateTime(r.takenAt, DEFAULT_TIME_ZONE) }), 8);
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthScreen width={760}>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('backup.firstRun.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('backup.firstRun.intro')}</Typography.Paragraph>
      <Form form={form} name="firstRunFolder" layout="vertical" onFinish={find}>
        <Form.Item name="folder" label={t('backup.firstRun.folder')} extra={t('backup.folderHint')}>
          <Input autoFocus autoComplete="off" spellCheck={false} data-testid="first-run-folder" />
        </Form.Item>
        <Button htmlType="submit" icon={<FolderOpenOutlined />} loading={busy && !chosen} data-testid="first-run-find">
          {t('backup.firstRun.find')}
        </Button>
      </Form>
      {backups !== null && (
        <List
          style={{ marginTop: 16 }}
          bordered
          size="small"
          data-testid="first-run-backups"
          locale={{ emptyText: t('backup.firstRun.none') }}
          dataSource={backups}
          renderItem={(b) => (
            <List.Item
              actions={[
                <Button key="choose" type={chosen?.file === b.file ? 'primary' : 'default'} disabled={!b.sealedHere && !b.recoverable} onClick={() => void choose(b)} data-testid="first-run-choose">
                  {t('backup.firstRun.choose')}
                </Button>,
              ]}
            >
              <Space wrap>
                <span>{localDateTime(b.takenAt, DEFAULT_TIME_ZONE)}</span>
                <span>
                  {t('backup.tables.walk_in')} {b.counts.walk_in ?? 0}
                </span>
                {!b.sealedHere && !b.recoverable && <Tag color="red">{t('backup.notRecoverableTag')}</Tag>}
              </Space>
            </List.Item>
          )}
        />
      )}
      {chosen && !opened && !chosen.sealedHere && folder && (
        <div style={{ marginTop: 16 }}>
          <RecoveryKeyForm open={(recoveryKey) => call(backupFirstRunPreview, { folder, file: chosen.file, recoveryKey })} onOpened={(preview, recoveryKey) => setOpened({ preview, recoveryKey })} />
        </div>
      )}
      {opened && (
        <Space orientation="vertical" style={{ width: '100%', marginTop: 16 }} data-testid="first-run-preview">
          <Typography.Paragraph>{t('backup.firstRun.previewIntro')}</Typography.Paragraph>
          <PreviewDetails p={opened.preview} timeZone={DEFAULT_TIME_ZONE} />
        </Space>
      )}
      {error !== null && <Alert type="error" showIcon role="alert" title={errorText(t, error)} style={{ marginTop: 16 }} />}
      <Space wrap style={{ width: '100%', justifyContent: 'space-between', marginTop: 16 }}>
        <Button onClick={onBack} data-testid="first-run-back">
          {t('backup.firstRun.back')}
        </Button>
        <Button type="primary" danger icon={<RollbackOutlined />} disabled={!opened || opened.preview.integrity !== 'ok'} loading={busy && chosen !== null} onClick={() => void restore()} data-testid="first-run-restore">
          {t('backup.firstRun.restore')}
        </Button>
      </Space>
    </AuthScreen>
  );
};
