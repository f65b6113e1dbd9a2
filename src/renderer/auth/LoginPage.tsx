import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography, type FormInstance } from 'antd';
import { useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { authLogin } from '../../shared/auth/contract.js';
import { AppError } from '../../shared/errors.js';
import { call } from '../app/api.js';
import { checkForm } from '../app/formErrors.js';
import { errorText } from '../app/i18n.js';
import { AuthScreen } from './AuthScreen.js';
import { PasswordInput } from './PasswordInput.js';

interface LoginValues {
  username?: string;
  password?: string;
}

/** For a wrong password: how many tries are left before the account locks (null otherwise). */
export const attemptsLeftText = (t: TFunction, error: unknown): string | null =>
  error instanceof AppError && error.key === 'auth.badCredentials' && error.params?.left !== undefined
    ? t('auth.login.attemptsLeft', { left: error.params.left })
    : null;

/**
 * A password form sent once at a time (login, unlock): a refusal is kept to be shown, and the
 * password is emptied and focused, so the next keystroke is the password again.
 */
export const usePasswordTry = (form: FormInstance) => {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const attempt = async (send: () => Promise<void>) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await send();
    } catch (err) {
      setError(err);
      form.setFieldValue('password', '');
      form.focusField('password');
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, attempt };
};

/** Why a password was refused, with the tries left before the account locks; nothing before a refusal. */
export const PasswordRefusal = ({ error, testId }: { error: unknown; testId: string }) => {
  const { t } = useTranslation();
  if (error === null) return null;
  return <Alert type="error" showIcon role="alert" data-testid={testId} title={errorText(t, error)} description={attemptsLeftText(t, error)} style={{ marginBottom: 16 }} />;
};

export const LoginPage = ({ stationName, onLoggedIn }: { stationName: string; onLoggedIn: (token: string) => void }) => {
  const { t } = useTranslation();
  const [form] = Form.useForm<LoginValues>();
  const { busy, error, attempt } = usePasswordTry(form);

  const submit = async (values: LoginValues) => {
    if (busy) return;
    const input = checkForm(form, t, authLogin.input, { username: values.username ?? '', password: values.password ?? '' });
    if (input) await attempt(async () => onLoggedIn((await call(authLogin, input)).token));
  };

  return (
    <AuthScreen>
      <Card variant="borderless" style={{ boxShadow: '0 4px 24px rgba(15, 42, 77, 0.12)' }}>
        <div style={{ textAlign: 'center', marginBottom: 24 }}>
          <Typography.Title level={3} style={{ margin: 0 }} data-testid="login-station-name">
            {stationName || t('auth.login.stationUnknown')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('app.title')} · {t('auth.login.title')}</Typography.Text>
        </div>
        <PasswordRefusal error={error} testId="login-error" />
        <Form<LoginValues> form={form} name="login" layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item name="username" label={t('fields.username')}>
            <Input
              prefix={<UserOutlined aria-hidden />}
              placeholder={t('auth.login.usernamePlaceholder')}
              autoFocus
              autoComplete="username"
              size="large"
              spellCheck={false}
              autoCapitalize="none"
            />
          </Form.Item>
          <Form.Item name="password" label={t('fields.password')}>
            <PasswordInput
              prefix={<LockOutlined aria-hidden />}
              placeholder={t('auth.login.passwordPlaceholder')}
              autoComplete="current-password"
              size="large"
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" size="large" block loading={busy} data-testid="login-submit">
            {t('auth.login.submit')}
          </Button>
        </Form>
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0, fontSize: 12, textAlign: 'center' }}>
          {t('auth.login.forgot')}
        </Typography.Paragraph>
      </Card>
    </AuthScreen>
  );
};
