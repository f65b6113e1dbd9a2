import { BarChartOutlined, CommentOutlined, SettingOutlined, TeamOutlined, UnorderedListOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { walkInRoutesOf } from '../../shared/intake/zones.js';
import { mediationAlerts, mediationPoolList, mediationQueue, mediationSettingsGet, mediationStats } from '../../shared/mediation/contract.js';
import { useCan } from '../app/me.js';
import { lazyPage } from '../app/pages.js';
import { rendererZone } from '../app/zone.js';
import { ZoneQueuePage } from '../intake/zone.js';

const AgreementPrint = lazyPage(() => import('./AgreementPrint.js'), 'AgreementPrint');
const RightsNoticePrint = lazyPage(() => import('./AgreementPrint.js'), 'RightsNoticePrint');
const CasePage = lazyPage(() => import('./CasePage.js'), 'CasePage');
const PoolPage = lazyPage(() => import('./PoolPage.js'), 'PoolPage');
const ReportPrint = lazyPage(() => import('./ReportPrint.js'), 'ReportPrint');
const MediationSettingsPage = lazyPage(() => import('./SettingsPage.js'), 'SettingsPage');
const MediationStatsPage = lazyPage(() => import('./StatsPage.js'), 'StatsPage');
const MediationZonePage = lazyPage(() => import('./ZonePage.js'), 'MediationZonePage');
const MediationHomeSlots = lazyPage(() => import('./HomeSlots.js'), 'MediationHomeSlots');
const MyCasesSlot = lazyPage(() => import('./MyCases.js'), 'MyCasesSlot');

/** The zone's page with its cases for those who work them; its walk-in queue alone for the others. */
const ZoneEntry = () => (useCan()(mediationQueue) ? <MediationZonePage /> : <ZoneQueuePage />);

const HomeCards = ({ wrap }: { wrap: (card: ReactNode, key: string) => ReactNode }) => {
  const { t } = useTranslation();
  return <MediationHomeSlots overdueTitle={t('intake.home.overdue')} alertsTitle={t('intake.home.alerts')} wrap={wrap} />;
};

export const mediationZone = rendererZone({
  name: 'mediation',
  routes: [
    { path: 'zone/mediation', element: <ZoneEntry /> },
    { path: 'mediation/case/:id', element: <CasePage /> },
    { path: 'mediation/pool', element: <PoolPage /> },
    { path: 'mediation/stats', element: <MediationStatsPage /> },
    { path: 'mediation/settings', element: <MediationSettingsPage /> },
  ],
  printRoutes: [
    { path: '/print/mediation/agreement/:id', element: <AgreementPrint /> },
    { path: '/print/mediation/notice/:id', element: <RightsNoticePrint /> },
    { path: '/print/mediation/report/:month', element: <ReportPrint /> },
  ],
  zoneMenu: { zone: 'mediation', order: 20, icon: <CommentOutlined />, label: 'app.nav.mediation' },
  menu: [
    {
      path: '/zone/mediation',
      place: 'mediation',
      order: 10,
      icon: <UnorderedListOutlined />,
      label: 'app.nav.mediationQueue',
      visible: ({ role, can }) => can(mediationQueue) || walkInRoutesOf(role).includes('mediation'),
      also: ['/mediation/case'],
    },
    { path: '/mediation/pool', place: 'mediation', order: 20, icon: <TeamOutlined />, label: 'mediation.queue.pool', visible: ({ can }) => can(mediationQueue) && can(mediationPoolList) },
    { path: '/mediation/stats', place: 'mediation', order: 30, icon: <BarChartOutlined />, label: 'mediation.stats.link', visible: ({ can }) => can(mediationStats) },
    {
      path: '/mediation/settings',
      place: 'mediation',
      order: 40,
      icon: <SettingOutlined />,
      label: 'mediation.settings.link',
      visible: ({ can }) => can(mediationQueue) && can(mediationSettingsGet),
    },
  ],
  homeSlots: [
    // the cases assigned to the viewer's own pool entry (a 调解员, or anyone linked to one)
    { key: 'myCases', order: 5, visible: ({ can }) => can(mediationQueue) && can(mediationPoolList), Slot: MyCasesSlot },
    {
      key: 'mediation',
      order: 10,
      visible: ({ can }) => can(mediationAlerts),
      Slot: HomeCards,
    },
  ],
  catalogs: { mediation: { zh: () => import('./i18n.zh.js'), en: () => import('./i18n.en.js') } },
});
