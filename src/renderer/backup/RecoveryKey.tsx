import { KeyOutlined, PrinterOutlined, ReloadOutlined, WarningOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, Form, Modal, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { backupRecoveryRenew, backupRecoveryShow, backupRecoveryStatus, type RecoverySheet } from '../../shared/backup/contract.js';
import { localDate, localDateTime } from '../../shared/time.js';
import { call } from '../app/api.js';
import { focusFirstError, markFieldErrors } from '../app/formErrors.js';
import { errorText } from '../app/i18n.js';
import { useMe } from '../app/me.js';
import { RECOVERY_SHEET_PATH } from './recoverySheetPath.js';
import { PrintFrame } from '../app/PrintFrame.js';
import { QrCode } from '../app/QrCode.js';
import { useMethod } from '../app/query.js';
import { PasswordInput } from '../auth/PasswordInput.js';
import './recoverySheet.css';


/**
 * The sheet the head just unlocked with their password, held in this window's memory only (never
 * in the URL, history or storage) until the print view that shows it closes.
 */
let heldSheet: RecoverySheet | null = null;
const holdSheet = (sheet: RecoverySheet) => {
  heldSheet = sheet;
};

/** The A4 recovery sheet: the station, the date, the key in large type and as a QR code, and what to do with it. */
export const RecoverySheetView = ({ sheet, timeZone, onBack }: { sheet: RecoverySheet; timeZone: string; onBack?: () => void }) => {
  const { t } = useTranslation();
  return (
    <PrintFrame pageSize="A4" path={RECOVERY_SHEET_PATH} printHere onBack={onBack}>
      <article className="rk-sheet" data-testid="recovery-sheet">
        <h1 className="rk-title">{t('backup.recovery.sheetTitle')}</h1>
        <table className="rk-facts">
          <tbody>
            <tr>
              <th>{t('backup.recovery.sheetStation')}</th>
              <td data-testid="recovery-sheet-station">{sheet.stationName}</td>
            </tr>
            <tr>
              <th>{t('backup.recovery.sheetCode')}</th>
              <td>{sheet.stationCode}</td>
            </tr>
            <tr>
              <th>{t('backup.recovery.sheetDate')}</th>
              <td data-testid="recovery-sheet-date">{localDate(sheet.createdAt, timeZone)}</td>
            </tr>
            <tr>
              <th>{t('backup.recovery.sheetPrinted')}</th>
              <td>{localDateTime(new Date(), timeZone)}</td>
            </tr>
          </tbody>
        </table>
        <div className="rk-key-label">{t('backup.recovery.sheetKeyLabel')}</div>
        <div className="rk-key" data-testid="recovery-sheet-key">
          {sheet.recoveryKey.split('-').map((group, i) => (
            <span key={i} className="rk-group">
              {group}
            </span>
          ))}
        </div>
        <div className="rk-qr" data-testid="recovery-sheet-qr">
          <QrCode value={sheet.recoveryKey} size={180} title={t('backup.recovery.sheetQr')} />
          <div>{t('backup.recovery.sheetQr')}</div>
        </div>
        <ol className="rk-notes">
          <li>{t('backup.recovery.sheetUse')}</li>
          <li>{t('backup.recovery.sheetKeep')}</li>
          <li>{t('backup.recovery.sheetRenew')}</li>
        </ol>
      </article>
    </PrintFrame>
  );
};

/** The print route: the sheet just unlocked, or — opened any other way — where to unlock it. */
export const RecoverySheetPrint = () => {
  const { t } = useTranslation();
  const { me } = useMe();
  const [sheet] = useState(() => heldSheet);
  // leaving the print view forgets the key
  useEffect(
    () => () => {
      heldSheet = null;
    },
    [],
  );
  if (!sheet) {
    return (
      <Card style={{ maxWidth: 560, margin: '48px auto' }}>
        <Typography.Paragraph>{t('backup.recovery.sheetGone')}</Typography.Paragraph>
        <Link to="/settings/backup">
          <Button type="primary">{t('backup.recovery.sheetBack')}</Button>
        </Link>
      </Card>
    );
  }
  return <RecoverySheetView sheet={sheet} timeZone={me.timeZone} />;
};

/** The head's home-screen warning while no recovery key exists (a station set up before there were any). */
export const RecoveryKeyAlert = () => {
  const { t } = useTranslation();
  const status = useMethod(backupRecoveryStatus, {});
  if (!status.data || status.data.made) return null;
  return (
    <Alert
      type="warning"
      showIcon
      icon={<KeyOutlined />}
      data-testid="recovery-key-warning"
      title={t('backup.recovery.homeWarning')}
      action={
        <Link to="/settings/backup">
          <Button size="small">{t('backup.recovery.homeOpen')}</Button>
        </Link>
      }
    />
  );
};

type Asking = 'show' | 'renew' | null;

/** Settings → backup: whether there is a recovery key; show and print it, or make a new one, each to the head's password. */
export const RecoveryKeyCard = () => {
  const { t } = useTranslation();
  const { me } = useMe();
  const status = useMethod(backupRecoveryStatus, {});
  const [asking, setAsking] = useState<Asking>(null);
  const s = status.data;
  return (
    <Card
      title={
        <Space>
          <KeyOutlined />
          {t('backup.recovery.title')}
        </Space>
      }
      data-testid="recovery-key-card"
    >
      <Typography.Paragraph type="secondary">{t('backup.recovery.intro')}</Typography.Paragraph>
      {s &&
        (s.made ? (
          <Alert type="success" showIcon style={{ marginBottom: 16 }} title={t('backup.recovery.made', { at: localDateTime(s.createdAt!, me.timeZone) })} />
        ) : (
          <Alert type="warning" showIcon icon={<WarningOutlined />} style={{ marginBottom: 16 }} title={t('backup.recovery.notMade')} />
        ))}
      <Space wrap>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => setAsking('show')} data-testid="recovery-show">
          {t('backup.recovery.show')}
        </Button>
        {s?.made && (
          <Button danger icon={<ReloadOutlined />} onClick={() => setAsking('renew')} data-testid="recovery-renew">
            {t('backup.recovery.renew')}
          </Button>
        )}
      </Space>
      {asking && <PasswordModal renew={asking === 'renew'} onClose={() => setAsking(null)} onDone={() => void status.refetch()} />}
    </Card>
  );
};

/** Asks the head's password (and, to renew, the confirmation that the old sheet is void), then opens the sheet. */
const PasswordModal = ({ renew, onClose, onDone }: { renew: boolean; onClose: () => void; onDone: () => void }) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<{ password: string; confirm: boolean }>();
  const [busy, setBusy] = useState(false);
  const submit = async (values: { password?: string; confirm?: boolean }) => {
    if (busy) return;
    if (renew && values.confirm !== true) {
      form.setFields([{ name: 'confirm', errors: [t('errors.backup.recoveryConfirm')] }]);
      return;
    }
    setBusy(true);
    try {
      const password = values.password ?? '';
      const sheet = renew ? await call(backupRecoveryRenew, { password, confirm: true }) : await call(backupRecoveryShow, { password });
      if (renew) void message.success(t('backup.recovery.renewed', { count: sheet.backupsUpdated }));
      onDone();
      holdSheet(sheet);
      navigate(RECOVERY_SHEET_PATH);
    } catch (err) {
      if (markFieldErrors(form, t, err)) focusFirstError(form, err);
      else void message.error(errorText(t, err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={renew ? t('backup.recovery.renewTitle') : t('backup.recovery.passwordTitle')}
      onCancel={onClose}
      okText={renew ? t('backup.recovery.renew') : t('backup.recovery.open')}
      onOk={() => form.submit()}
      okButtonProps={{ danger: renew, loading: busy }}
      destroyOnHidden
    >
      {renew && <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('backup.recovery.renewWarning')} />}
      <Typography.Paragraph>{t('backup.recovery.passwordIntro')}</Typography.Paragraph>
      <Form form={form} name="recoveryPassword" layout="vertical" onFinish={submit}>
        <Form.Item name="password" label={t('fields.password')}>
          <PasswordInput autoFocus autoComplete="current-password" data-testid="recovery-password" />
        </Form.Item>
        {renew && (
          <Form.Item name="confirm" valuePropName="checked">
            <Checkbox>{t('backup.recovery.renewConfirm')}</Checkbox>
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
};
