import { SafetyOutlined } from '@ant-design/icons';
import { Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../app/LanguageSwitch.js';

/**
 * The whole-window screens outside the frame (first-run setup, login, lock, forced password
 * change): the app's name, the language switch, and the content centred.
 */
export const AuthScreen = ({ children, width = 420, dark = false }: { children: ReactNode; width?: number; dark?: boolean }) => {
  const { t } = useTranslation();
  return (
    <div
      style={{
        minHeight: '100vh',
        display: 'flex',
        flexDirection: 'column',
        background: dark ? 'linear-gradient(160deg, #0f2a4d 0%, #1d4f91 100%)' : 'linear-gradient(160deg, #e8eef7 0%, #f5f7fa 60%)',
      }}
    >
      <header
        style={{
          display: 'flex',
          justifyContent: 'space-between',
          alignItems: 'center',
          padding: '12px 24px',
          background: '#1d4f91',
          color: '#fff',
        }}
      >
        <span style={{ display: 'flex', alignItems: 'center', gap: 8, fontWeight: 600, fontSize: 16 }}>
          <SafetyOutlined style={{ fontSize: 20 }} aria-hidden />
          {t('app.title')}
        </span>
        <LanguageSwitch />
      </header>
      <main style={{ flex: 1, display: 'flex', alignItems: 'center', justifyContent: 'center', padding: '32px 16px' }}>
        <div style={{ width: '100%', maxWidth: width }}>{children}</div>
      </main>
      <footer style={{ textAlign: 'center', padding: '12px 16px' }}>
        <Typography.Text type="secondary" style={dark ? { color: 'rgba(255,255,255,0.65)' } : undefined}>
          {t('auth.screen.footer')}
        </Typography.Text>
      </footer>
    </div>
  );
};
