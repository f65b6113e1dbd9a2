import { CloudSyncOutlined } from '@ant-design/icons';
import { syncDirectives } from '../../shared/sync/contract.js';
import { lazyPage } from '../app/pages.js';
import { inOneModule, rendererZone } from '../app/zone.js';

const SyncPage = lazyPage(() => import('./SyncPage.js'), 'SyncPage');
const DirectivesCard = lazyPage(() => import('./DirectivesCard.js'), 'DirectivesCard');

/** HQ's newest notices on the home screen: read where everyone looks first, not only under settings. */
const HOME_DIRECTIVES = 5;

export const syncZone = rendererZone({
  name: 'sync',
  routes: [{ path: 'settings/sync', element: <SyncPage /> }],
  menu: [{ path: '/settings/sync', place: 'settings', order: 80, icon: <CloudSyncOutlined />, label: 'sync.title' }],
  homeSlots: [
    {
      key: 'directives',
      order: 5,
      visible: ({ can }) => can(syncDirectives),
      Slot: ({ wrap }) => wrap(<DirectivesCard limit={HOME_DIRECTIVES} testId="home-directives" />, 'directives'),
    },
  ],
  catalogs: { sync: inOneModule(() => import('./i18n.js')) },
});
