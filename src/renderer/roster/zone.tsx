import { ScheduleOutlined } from '@ant-design/icons';
import { rosterMonth } from '../../shared/roster/contract.js';
import { lazyPage } from '../app/pages.js';
import { rendererZone } from '../app/zone.js';

const WallChartPrint = lazyPage(() => import('./RosterPrint.js'), 'WallChartPrint');
const PersonSchedulePrint = lazyPage(() => import('./RosterPrint.js'), 'PersonSchedulePrint');
const RosterPage = lazyPage(() => import('./RosterPage.js'), 'RosterPage');
const RosterSettingsPage = lazyPage(() => import('./SettingsPage.js'), 'RosterSettingsPage');

export const rosterZone = rendererZone({
  name: 'roster',
  routes: [
    { path: 'roster', element: <RosterPage /> },
    { path: 'roster/settings', element: <RosterSettingsPage /> },
  ],
  printRoutes: [
    { path: '/print/roster/:month', element: <WallChartPrint /> },
    { path: '/print/roster/:month/:staffId', element: <PersonSchedulePrint /> },
  ],
  menu: [{ path: '/roster', place: 'station', order: 10, icon: <ScheduleOutlined />, label: 'roster.title', visible: ({ can }) => can(rosterMonth) }],
  catalogs: { roster: { zh: () => import('./i18n.zh.js'), en: () => import('./i18n.en.js') } },
});
