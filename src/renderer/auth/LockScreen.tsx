import { LockOutlined, LogoutOutlined, UnlockOutlined } from '@ant-design/icons';
import { Button, Card, Form, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { authUnlock } from '../../shared/auth/contract.js';
import { call } from '../app/api.js';
import { checkForm } from '../app/formErrors.js';
import { AuthScreen } from './AuthScreen.js';
import { PasswordRefusal, usePasswordTry } from './LoginPage.js';
import { PasswordInput } from './PasswordInput.js';

/** After idle time: the same person types their password again, or logs out for someone else. */
export const LockScreen = ({ name, onUnlocked, onLogout }: { name: string; onUnlocked: () => void; onLogout: () => void }) => {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ password?: string }>();
  const { busy, error, attempt } = usePasswordTry(form);

  const submit = async (values: { password?: string }) => {
    if (busy) return;
    const input = checkForm(form, t, authUnlock.input, { password: values.password ?? '' });
    if (input)
      await attempt(async () => {
        await call(authUnlock, input);
        onUnlocked();
      });
  };

  return (
    <AuthScreen dark>
      <Card variant="borderless" style={{ boxShadow: '0 8px 32px rgba(0, 0, 0, 0.3)' }} data-testid="lock-screen">
        <div style={{ textAlign: 'center', marginBottom: 16 }}>
          <LockOutlined style={{ fontSize: 40, color: '#1d4f91' }} aria-hidden />
          <Typography.Title level={3} style={{ marginTop: 12, marginBottom: 8 }}>
            {t('auth.lock.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('auth.lock.intro')}</Typography.Text>
        </div>
        <PasswordRefusal error={error} testId="unlock-error" />
        <Form form={form} name="unlock" layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item name="password" label={name ? t('auth.lock.who', { name }) : t('fields.password')}>
            <PasswordInput
              autoFocus
              size="large"
              autoComplete="current-password"
              placeholder={t('auth.lock.passwordPlaceholder')}
              aria-label={t('fields.password')}
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" size="large" block icon={<UnlockOutlined />} loading={busy} data-testid="unlock-submit">
            {t('auth.lock.unlock')}
          </Button>
        </Form>
        <div style={{ textAlign: 'center', marginTop: 12 }}>
          <Button type="link" icon={<LogoutOutlined />} onClick={onLogout} data-testid="lock-logout">
            {t('auth.lock.logout')}
          </Button>
        </div>
      </Card>
    </AuthScreen>
  );
};
