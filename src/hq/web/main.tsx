import { App as AntApp, Alert, Button, Card, ConfigProvider, Form, Input, Layout, Space, Spin, Tabs, Typography } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { lazy, StrictMode, Suspense, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiError, TOKEN, api } from './api.js';
import { en, fill, zh, type Strings } from './strings.js';

// The tabs come after the login, each with its own script (the overview brings the charts): the
// login form is shown without them.
const OverviewTab = lazy(async () => ({ default: (await import('./OverviewTab.js')).OverviewTab }));
const ReferenceTab = lazy(async () => ({ default: (await import('./reference.js')).ReferenceTab }));
const ManageTab = lazy(async () => ({ default: (await import('./ManageTab.js')).ManageTab }));
const Loading = () => (
  <div style={{ padding: 48, textAlign: 'center' }}>
    <Spin />
  </div>
);

const Login = ({ s, onDone }: { s: Strings; onDone: (role: string) => void }) => {
  const [error, setError] = useState<string>();
  return (
    <Card title={s.title} style={{ maxWidth: 420, margin: '80px auto' }}>
      {error && <Alert type="error" title={error} style={{ marginBottom: 16 }} />}
      <Form
        layout="vertical"
        onFinish={async (v: { username: string; password: string }) => {
          try {
            const r = await api<{ token: string; role: string }>('/api/login', { method: 'POST', body: JSON.stringify(v) });
            sessionStorage.setItem(TOKEN, r.token);
            sessionStorage.setItem('hq.role', r.role);
            onDone(r.role);
          } catch (e) {
            const code = (e as Error).message;
            setError(
              code === 'tooManyRequests' ? s.tooMany : code === 'lockedOut' && e instanceof ApiError ? fill(s.lockedOut, e.params ?? {}) : s.badLogin,
            );
          }
        }}
      >
        <Form.Item name="username" label={s.username} rules={[{ required: true }]}>
          <Input autoFocus autoComplete="username" />
        </Form.Item>
        <Form.Item name="password" label={s.password} rules={[{ required: true }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block>
          {s.login}
        </Button>
      </Form>
    </Card>
  );
};

const Root = () => {
  const [lang, setLang] = useState<'zh' | 'en'>(localStorage.getItem('hq.lang') === 'en' ? 'en' : 'zh');
  const [role, setRole] = useState<string | null>(sessionStorage.getItem(TOKEN) ? sessionStorage.getItem('hq.role') : null);
  const s = lang === 'zh' ? zh : en;
  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    localStorage.setItem('hq.lang', lang);
  }, [lang]);
  const admin = role === 'admin';
  return (
    <ConfigProvider locale={lang === 'zh' ? zhCN : enUS}>
      <AntApp>
        <Layout style={{ minHeight: '100vh' }}>
          <Layout.Header style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', color: '#fff' }}>
            <Typography.Title level={4} style={{ color: '#fff', margin: 0 }}>
              {s.title}
            </Typography.Title>
            <Space>
              <Button size="small" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>
                {s.language}
              </Button>
              {role && (
                <Button
                  size="small"
                  onClick={() => {
                    sessionStorage.clear();
                    setRole(null);
                  }}
                >
                  {s.logout}
                </Button>
              )}
            </Space>
          </Layout.Header>
          <Layout.Content style={{ padding: 24 }}>
            {!role ? (
              <Login s={s} onDone={setRole} />
            ) : (
              <>
                {!admin && <Alert type="info" title={s.viewerNote} style={{ marginBottom: 16 }} />}
                <Tabs
                  items={[
                    { key: 'overview', label: s.overview, children: <Suspense fallback={<Loading />}><OverviewTab s={s} admin={admin} /></Suspense> },
                    // viewers see what is published; the server refuses their publishing, the page offers none
                    { key: 'reference', label: s.reference, children: <Suspense fallback={<Loading />}><ReferenceTab s={s} admin={admin} /></Suspense> },
                    ...(admin ? [{ key: 'manage', label: s.manage, children: <Suspense fallback={<Loading />}><ManageTab s={s} /></Suspense> }] : []),
                  ]}
                />
              </>
            )}
          </Layout.Content>
        </Layout>
      </AntApp>
    </ConfigProvider>
  );
};

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
