import { CheckOutlined, PrinterOutlined, RollbackOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Form, Input, Row, Space, Typography } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { authLogin, authLogout } from '../../shared/auth/contract.js';
import { backupRecoveryShow, type RecoverySheet } from '../../shared/backup/contract.js';
import { stationSetup } from '../../shared/station/contract.js';
import { DEFAULT_TIME_ZONE } from '../../shared/time.js';
import { call, session } from '../app/api.js';
import { RecoverySheetView } from '../backup/RecoveryKey.js';
import { checkForm, focusFirstError, markFieldErrors } from '../app/formErrors.js';
import { errorText } from '../app/i18n.js';
import { AuthScreen } from '../auth/AuthScreen.js';
import { emptyProfile, profileInput, StationProfileFields, type ProfileValues } from './StationProfileFields.js';
import { PasswordInput } from '../auth/PasswordInput.js';

// only a station head bringing a backup to a new PC needs it: loaded when asked for
const FirstRunRestore = lazy(() => import('../backup/FirstRunRestore.js').then((m) => ({ default: m.FirstRunRestore })));

interface SetupValues {
  station?: ProfileValues;
  head?: { name?: string; username?: string; phone?: string; password?: string; passwordConfirm?: string };
}

/**
 * The head's recovery key, made right after setup with the password just chosen (logged in for
 * that one call, then out again): the database key is sealed by this PC's OS, and the printed key
 * is what lets a backup open on another PC.
 */
const firstRecoveryKey = async (username: string, password: string): Promise<RecoverySheet> => {
  const { token } = await call(authLogin, { username, password });
  session.set(token);
  try {
    return await call(backupRecoveryShow, { password });
  } finally {
    await call(authLogout, {}).catch(() => undefined);
    session.clear();
  }
};

/** Setup's last step: the recovery key on screen, its sheet to print, then on to the login. */
const RecoveryStep = ({ sheet, error, timeZone, onDone }: { sheet: RecoverySheet | null; error: unknown; timeZone: string; onDone: () => void }) => {
  const { t } = useTranslation();
  const [printing, setPrinting] = useState(false);
  if (sheet && printing) return <RecoverySheetView sheet={sheet} timeZone={timeZone} onBack={() => setPrinting(false)} />;
  return (
    <AuthScreen width={720}>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('backup.recovery.setupTitle')}
      </Typography.Title>
      <Typography.Paragraph>{t('backup.recovery.setupIntro')}</Typography.Paragraph>
      {error !== null && <Alert type="error" showIcon role="alert" title={errorText(t, error)} style={{ marginBottom: 16 }} />}
      {sheet && (
        <Typography.Paragraph
          data-testid="setup-recovery-key"
          style={{ fontFamily: 'monospace', fontSize: 24, fontWeight: 700, letterSpacing: '0.1em', textAlign: 'center', border: '1px dashed #999', padding: 12 }}
        >
          {sheet.recoveryKey}
        </Typography.Paragraph>
      )}
      <Space wrap style={{ width: '100%', justifyContent: 'flex-end' }}>
        {sheet && (
          <Button type="primary" icon={<PrinterOutlined />} onClick={() => setPrinting(true)} autoFocus data-testid="setup-recovery-print">
            {t('backup.recovery.setupPrint')}
          </Button>
        )}
        <Button onClick={onDone} data-testid="setup-recovery-done">
          {sheet ? t('backup.recovery.setupContinue') : t('backup.recovery.setupLater')}
        </Button>
      </Space>
    </AuthScreen>
  );
};

/**
 * First run: the station's profile and its head's account in one keyboard-driven form (Tab from
 * field to field, Enter finishes). Checked with the contract's own schema before it is sent.
 * Then the head's recovery key.
 */
export const SetupPage = ({ onDone }: { onDone: () => void }) => {
  const { t } = useTranslation();
  const [form] = Form.useForm<SetupValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [recovery, setRecovery] = useState<{ sheet: RecoverySheet | null; error: unknown; timeZone: string } | null>(null);
  const [restoring, setRestoring] = useState(false);

  const submit = async (values: SetupValues) => {
    if (busy) return;
    setError(null);
    const head = values.head ?? {};
    const input = checkForm(form, t, stationSetup.input, {
      station: profileInput(values.station),
      head: { name: head.name ?? '', username: head.username ?? '', phone: head.phone ?? '', password: head.password ?? '' },
    });
    if (!input) return;
    if ((head.passwordConfirm ?? '') !== (head.password ?? '')) {
      form.setFields([{ name: ['head', 'passwordConfirm'], errors: [t('station.setup.mismatch')] }]);
      form.focusField(['head', 'passwordConfirm']);
      return;
    }
    setBusy(true);
    try {
      // no toast: the next screen (the recovery key, then the login) says what comes next
      await call(stationSetup, input);
      const timeZone = input.station.timeZone ?? DEFAULT_TIME_ZONE;
      try {
        setRecovery({ sheet: await firstRecoveryKey(input.head.username, input.head.password), error: null, timeZone });
      } catch (err) {
        // the station is set up all the same; the home screen reminds the head of the missing key
        setRecovery({ sheet: null, error: err, timeZone });
      }
    } catch (err) {
      if (markFieldErrors(form, t, err)) focusFirstError(form, err);
      else setError(err);
    } finally {
      setBusy(false);
    }
  };

  if (recovery) return <RecoveryStep {...recovery} onDone={onDone} />;
  if (restoring)
    return (
      <Suspense fallback={<AuthScreen width={760}>{null}</AuthScreen>}>
        <FirstRunRestore onBack={() => setRestoring(false)} onDone={onDone} />
      </Suspense>
    );

  return (
    <AuthScreen width={880}>
      <Typography.Title level={2} style={{ marginTop: 0 }}>
        {t('station.setup.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('station.setup.intro')}</Typography.Paragraph>
      <Typography.Paragraph>
        <Button type="link" icon={<RollbackOutlined />} style={{ paddingInline: 0 }} onClick={() => setRestoring(true)} data-testid="setup-restore-instead">
          {t('station.setup.restoreInstead')}
        </Button>
      </Typography.Paragraph>
      {error !== null && <Alert type="error" showIcon role="alert" title={errorText(t, error)} style={{ marginBottom: 16 }} data-testid="setup-error" />}
      <Form<SetupValues>
        form={form}
        name="setup"
        layout="vertical"
        onFinish={submit}
        initialValues={{ station: emptyProfile(t('station.profile.phoneLabelDefault')) }}
      >
        <Card title={t('station.setup.sectionStation')} style={{ marginBottom: 16 }}>
          <StationProfileFields prefix={['station']} autoFocus />
        </Card>
        <Card title={t('station.setup.sectionHead')} style={{ marginBottom: 16 }}>
          <Typography.Paragraph type="secondary">{t('station.setup.headHint')}</Typography.Paragraph>
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item name={['head', 'name']} label={t('station.setup.headName')} required>
                <Input placeholder={t('station.setup.headNamePlaceholder')} maxLength={50} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name={['head', 'username']} label={t('fields.username')} required>
                <Input placeholder={t('station.setup.usernamePlaceholder')} maxLength={32} spellCheck={false} autoCapitalize="none" autoComplete="off" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name={['head', 'phone']} label={t('fields.phone')} required>
                <Input placeholder={t('station.setup.phonePlaceholder')} inputMode="tel" maxLength={20} />
              </Form.Item>
            </Col>
          </Row>
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item name={['head', 'password']} label={t('fields.password')} required extra={t('station.setup.passwordHint')}>
                <PasswordInput autoComplete="new-password" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name={['head', 'passwordConfirm']} label={t('station.setup.passwordConfirm')} required>
                <PasswordInput autoComplete="new-password" />
              </Form.Item>
            </Col>
          </Row>
        </Card>
        <div style={{ textAlign: 'right' }}>
          <Button type="primary" htmlType="submit" size="large" icon={<CheckOutlined />} loading={busy} data-testid="setup-submit">
            {t('station.setup.submit')}
          </Button>
        </div>
      </Form>
    </AuthScreen>
  );
};
