import { SafetyCertificateOutlined, LogoutOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { authChangePassword } from '../../shared/auth/contract.js';
import { call } from '../app/api.js';
import { checkForm, focusFirstError, markFieldErrors } from '../app/formErrors.js';
import { errorText } from '../app/i18n.js';
import { useMe } from '../app/me.js';
import { AuthScreen } from './AuthScreen.js';
import { PasswordInput } from './PasswordInput.js';

interface PasswordValues {
  currentPassword?: string;
  newPassword?: string;
  confirmPassword?: string;
}

const PasswordForm = ({ onDone, autoFocus }: { onDone: () => void; autoFocus: boolean }) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<PasswordValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async (values: PasswordValues) => {
    if (busy) return;
    setError(null);
    const input = checkForm(form, t, authChangePassword.input, {
      currentPassword: values.currentPassword ?? '',
      newPassword: values.newPassword ?? '',
    });
    if (!input) return;
    if ((values.confirmPassword ?? '') !== input.newPassword) {
      form.setFields([{ name: 'confirmPassword', errors: [t('auth.changePassword.mismatch')] }]);
      form.focusField('confirmPassword');
      return;
    }
    setBusy(true);
    try {
      await call(authChangePassword, input);
      form.resetFields();
      void message.success(t('auth.changePassword.done'));
      onDone();
    } catch (err) {
      if (markFieldErrors(form, t, err)) focusFirstError(form, err);
      else setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      {error !== null && <Alert type="error" showIcon role="alert" title={errorText(t, error)} style={{ marginBottom: 16 }} />}
      <Form<PasswordValues> form={form} name="changePassword" layout="vertical" onFinish={submit}>
        <Form.Item name="currentPassword" label={t('fields.currentPassword')} required>
          <PasswordInput autoFocus={autoFocus} autoComplete="current-password" />
        </Form.Item>
        <Form.Item name="newPassword" label={t('fields.newPassword')} required extra={t('auth.changePassword.rule')}>
          <PasswordInput autoComplete="new-password" />
        </Form.Item>
        <Form.Item name="confirmPassword" label={t('auth.changePassword.confirmPassword')} required>
          <PasswordInput autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} icon={<SafetyCertificateOutlined />} data-testid="change-password-submit">
          {t('auth.changePassword.submit')}
        </Button>
      </Form>
    </>
  );
};

/**
 * Changing one's own password: forced after an initial password (a whole-window card, the only
 * way on besides logging out), or from the settings menu inside the frame.
 */
export const ChangePasswordPage = ({ forced, onDone }: { forced?: boolean; onDone: () => void }) => {
  const { t } = useTranslation();
  const { me, logout } = useMe();
  if (forced) {
    return (
      <AuthScreen width={480}>
        <Card
          variant="borderless"
          style={{ boxShadow: '0 4px 24px rgba(15, 42, 77, 0.12)' }}
          title={
            <Space>
              <SafetyCertificateOutlined aria-hidden />
              {t('auth.changePassword.forcedTitle')}
            </Space>
          }
          extra={
            <Button size="small" icon={<LogoutOutlined />} onClick={logout} data-testid="change-password-logout">
              {t('auth.changePassword.logout')}
            </Button>
          }
        >
          <Alert type="warning" showIcon title={t('auth.changePassword.forcedIntro')} style={{ marginBottom: 16 }} />
          <Typography.Paragraph type="secondary">
            {t('auth.changePassword.signedInAs', { name: me.name, username: me.username })}
          </Typography.Paragraph>
          <PasswordForm onDone={onDone} autoFocus />
        </Card>
      </AuthScreen>
    );
  }
  return (
    <Card title={t('auth.changePassword.title')} style={{ maxWidth: 520 }}>
      <Typography.Paragraph type="secondary">
        {t('auth.changePassword.signedInAs', { name: me.name, username: me.username })}
        <br />
        {t('auth.changePassword.intro')}
      </Typography.Paragraph>
      <PasswordForm onDone={onDone} autoFocus />
    </Card>
  );
};
