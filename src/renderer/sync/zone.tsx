import { CloudSyncOutlined } from '@ant-design/icons';
import { lazyPage } from '../app/pages.js';
import { rendererZone } from '../app/zone.js';
import * as sync from './i18n.js';

const SyncPage = lazyPage(() => import('./SyncPage.js'), 'SyncPage');

export const syncZone = rendererZone({
  name: 'sync',
  routes: [{ path: 'settings/sync', element: <SyncPage /> }],
  menu: [{ path: '/settings/sync', place: 'settings', order: 80, icon: <CloudSyncOutlined />, label: 'sync.title' }],
  catalogs: { sync },
});
