import { HomeOutlined, LockOutlined, LogoutOutlined, SafetyOutlined, SettingOutlined } from '@ant-design/icons';
import { Button, Layout, Menu, Segmented, Space, Tag, Typography, type MenuProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router';
import type { Role } from '../../shared/roles.js';
import { isDesktop } from './api.js';
import { setLanguage, type Language } from './i18n.js';
import { useCan, useMe } from './me.js';
import type { MenuEntry } from './zone.js';
import { menuFor, menuLabel } from './zones.js';

const SETTINGS = 'settings';
const zoneKey = (zone: string) => `zone:${zone}`;

/** The entry a path belongs to: its own, or the one whose path (or a further path) is the longest prefix of it. */
const entryOf = (entries: readonly MenuEntry[], pathname: string): MenuEntry | undefined => {
  let best: MenuEntry | undefined;
  let bestLength = -1;
  for (const e of entries) {
    for (const p of [e.path, ...(e.also ?? [])]) {
      const matches = p === '/' ? pathname === '/' : pathname === p || pathname.startsWith(`${p}/`);
      if (matches && p.length > bestLength) {
        best = e;
        bestLength = p.length;
      }
    }
  }
  return best;
};

/** The station's structure at a glance: front desk, the four zones, settings. */
export const Frame = () => {
  const { t, i18n } = useTranslation();
  const { me, logout, lock } = useMe();
  const can = useCan();
  const navigate = useNavigate();
  const location = useLocation();
  const menu = menuFor({ role: me.role as Role, can });
  const item = (e: MenuEntry) => ({ key: e.path, icon: e.icon, label: menuLabel(t, e) });

  // the front desk, the station's four zones each with its queue and tools, the station's own, settings
  const items: MenuProps['items'] = [
    { key: '/', icon: <HomeOutlined />, label: t('app.nav.home') },
    ...menu.desk.map(item),
    { type: 'divider' },
    ...menu.zones.map((z) => ({ key: zoneKey(z.zone), icon: z.icon, label: t(z.label), children: z.entries.map(item) })),
    { type: 'divider' },
    ...menu.station.map(item),
    { key: SETTINGS, icon: <SettingOutlined />, label: t('app.nav.settings'), children: menu.settings.map(item) },
  ];

  const current = entryOf(menu.all, location.pathname);
  const currentGroup = current && (current.place === SETTINGS ? SETTINGS : menu.zones.some((z) => z.zone === current.place) ? zoneKey(current.place) : undefined);
  // the submenu of the page shown is open; the others open and close as the user chooses
  const [openKeys, setOpenKeys] = useState<string[]>(currentGroup ? [currentGroup] : []);
  // moving to a page of another zone opens that zone's submenu (state adjusted while rendering)
  const [openedFor, setOpenedFor] = useState(currentGroup);
  if (openedFor !== currentGroup) {
    setOpenedFor(currentGroup);
    if (currentGroup && !openKeys.includes(currentGroup)) setOpenKeys([...openKeys, currentGroup]);
  }

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider width={232} theme="dark" breakpoint="lg" collapsedWidth={56}>
        <div style={{ color: '#fff', padding: '16px 12px', fontWeight: 600, display: 'flex', gap: 8, alignItems: 'center' }}>
          <SafetyOutlined style={{ fontSize: 20 }} />
          <span>{t('app.titleShort')}</span>
        </div>
        <Menu
          theme="dark"
          mode="inline"
          inlineIndent={16}
          selectedKeys={[current?.path ?? location.pathname]}
          openKeys={openKeys}
          onOpenChange={setOpenKeys}
          items={items}
          onClick={({ key }) => navigate(key)}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{ background: '#fff', padding: '0 16px', display: 'flex', alignItems: 'center', justifyContent: 'space-between', borderBottom: '1px solid #eee' }}
        >
          <Space>
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="station-name">
              {me.stationName}
            </Typography.Title>
            {!isDesktop() && <Tag>{t('app.browserMode')}</Tag>}
          </Space>
          <Space size="middle">
            <Segmented<Language>
              size="small"
              aria-label={t('app.language')}
              value={i18n.language === 'en' ? 'en' : 'zh-CN'}
              options={[
                { label: <span lang="zh-CN">中文</span>, value: 'zh-CN' },
                { label: 'English', value: 'en' },
              ]}
              onChange={(lang) => void setLanguage(lang)}
            />
            <span data-testid="me-name">
              {me.name} · {t(`roles.${me.role}`)}
            </span>
            <Button size="small" icon={<LockOutlined />} onClick={lock}>
              {t('app.lock')}
            </Button>
            <Button size="small" icon={<LogoutOutlined />} onClick={logout}>
              {t('app.logout')}
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: 16 }}>
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
};
