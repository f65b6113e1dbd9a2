import {
  AuditOutlined,
  ClearOutlined,
  EyeOutlined,
  DesktopOutlined,
  BankOutlined,
  CarOutlined,
  FormOutlined,
  HistoryOutlined,
  HomeOutlined,
  IdcardOutlined,
  LockOutlined,
  LogoutOutlined,
  SafetyOutlined,
  SettingOutlined,
  TeamOutlined,
  CommentOutlined,
  ApartmentOutlined,
  KeyOutlined,
  CloudSyncOutlined,
  SafetyCertificateOutlined,
  ScheduleOutlined,
  DatabaseOutlined,
  CheckSquareOutlined,
  FlagOutlined,
} from '@ant-design/icons';
import { Button, Layout, Menu, Segmented, Space, Tag, Typography, type MenuProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { auditList, auditUnmaskings } from '../../shared/audit/contract.js';
import { backupStatus } from '../../shared/backup/contract.js';
import { collectionTree } from '../../shared/collection/contract.js';
import { intakeRegister, intakeSearch } from '../../shared/intake/contract.js';
import { walkInRoutesOf, type Route } from '../../shared/intake/zones.js';
import type { Role } from '../../shared/roles.js';
import { pairingStatus } from '../../shared/pairing/contract.js';
import { retentionSettingsGet } from '../../shared/retention/contract.js';
import { rosterMonth } from '../../shared/roster/contract.js';
import { officeNow } from '../../shared/office/contract.js';
import { officeTaskList } from '../../shared/office/tasks.js';
import { patrolBoard } from '../../shared/patrol/contract.js';
import { staffList } from '../../shared/staff/contract.js';
import { isDesktop } from './api.js';
import { setLanguage, type Language } from './i18n.js';
import { useCan, useMe } from './me.js';

/** The station's structure at a glance: front desk, the four zones, settings. */
export const Frame = () => {
  const { t, i18n } = useTranslation();
  const { me, logout, lock } = useMe();
  const can = useCan();
  const navigate = useNavigate();
  const location = useLocation();
  // a zone's queue is in the menu for those who serve its walk-ins
  const seesZone = (r: Route) => walkInRoutesOf(me.role as Role).includes(r);

  const items: MenuProps['items'] = [
    { key: '/', icon: <HomeOutlined />, label: t('app.nav.home') },
    can(intakeRegister) && { key: '/front-desk', icon: <FormOutlined />, label: t('app.nav.frontDesk') },
    can(intakeSearch) && { key: '/history', icon: <HistoryOutlined />, label: t('app.nav.history') },
    { type: 'divider' },
    seesZone('office') && { key: '/zone/office', icon: <BankOutlined />, label: t('app.nav.office') },
    can(officeNow) && { key: '/office', icon: <ScheduleOutlined />, label: `${t('office.tabs.log')} · ${t('office.tabs.handover')}` },
    can(officeTaskList) && { key: '/office/routine', icon: <CheckSquareOutlined />, label: t('office.routine.nav') },
    seesZone('mediation') && { key: '/zone/mediation', icon: <CommentOutlined />, label: t('app.nav.mediation') },
    seesZone('collection') && { key: '/zone/collection', icon: <IdcardOutlined />, label: t('app.nav.collection') },
    can(collectionTree) && { key: '/collection', icon: <DatabaseOutlined />, label: t('collection.nav') },
    seesZone('patrol') && { key: '/zone/patrol', icon: <CarOutlined />, label: t('app.nav.patrol') },
    can(patrolBoard) && { key: '/patrol', icon: <FlagOutlined />, label: t('patrol.nav') },
    { type: 'divider' },
    can(rosterMonth) && { key: '/roster', icon: <ScheduleOutlined />, label: t('roster.title') },
    {
      key: 'settings',
      icon: <SettingOutlined />,
      label: t('app.nav.settings'),
      children: [
        can(staffList) && { key: '/settings/staff', icon: <TeamOutlined />, label: t('app.nav.staff') },
        { key: '/settings/station', icon: <ApartmentOutlined />, label: t('app.nav.station') },
        { key: '/settings/password', icon: <KeyOutlined />, label: t('auth.changePassword.title') },
        can(auditList) && { key: '/settings/audit', icon: <AuditOutlined />, label: t('app.nav.audit') },
        can(auditUnmaskings) && { key: '/settings/unmasking', icon: <EyeOutlined />, label: t('audit.unmasking.nav') },
        can(pairingStatus) && { key: '/settings/terminals', icon: <DesktopOutlined />, label: t('pairing.title') },
        can(retentionSettingsGet) && { key: '/settings/retention', icon: <ClearOutlined />, label: t('retention.title') },
        { key: '/settings/sync', icon: <CloudSyncOutlined />, label: t('sync.title') },
        can(backupStatus) && { key: '/settings/backup', icon: <SafetyCertificateOutlined />, label: t('backup.title') },
      ].filter(Boolean) as MenuProps['items'],
    },
  ].filter(Boolean) as MenuProps['items'];

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider width={200} theme="dark" breakpoint="lg" collapsedWidth={56}>
        <div style={{ color: '#fff', padding: '16px 12px', fontWeight: 600, display: 'flex', gap: 8, alignItems: 'center' }}>
          <SafetyOutlined style={{ fontSize: 20 }} />
          <span>{t('app.titleShort')}</span>
        </div>
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={[location.pathname.startsWith('/mediation/') ? '/zone/mediation' : location.pathname.startsWith('/roster') ? '/roster' : location.pathname]}
          defaultOpenKeys={location.pathname.startsWith('/settings') ? ['settings'] : []}
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
                { label: '中文', value: 'zh-CN' },
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
