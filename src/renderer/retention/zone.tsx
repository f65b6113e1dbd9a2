import { ClearOutlined } from '@ant-design/icons';
import { retentionSettingsGet } from '../../shared/retention/contract.js';
import { lazyPage } from '../app/pages.js';
import { inOneModule, rendererZone } from '../app/zone.js';

const RetentionPage = lazyPage(() => import('./RetentionPage.js'), 'RetentionPage');

export const retentionZone = rendererZone({
  name: 'retention',
  routes: [{ path: 'settings/retention', element: <RetentionPage /> }],
  menu: [
    { path: '/settings/retention', place: 'settings', order: 70, icon: <ClearOutlined />, label: 'retention.title', visible: ({ can }) => can(retentionSettingsGet) },
  ],
  catalogs: { retention: inOneModule(() => import('./i18n.js')) },
});
