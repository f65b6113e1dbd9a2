import { DesktopOutlined } from '@ant-design/icons';
import { pairingStatus } from '../../shared/pairing/contract.js';
import { lazyPage } from '../app/pages.js';
import { rendererZone } from '../app/zone.js';
import * as pairing from './i18n.js';

const PairingPage = lazyPage(() => import('./PairingPage.js'), 'PairingPage');

export const pairingZone = rendererZone({
  name: 'pairing',
  routes: [{ path: 'settings/terminals', element: <PairingPage /> }],
  menu: [{ path: '/settings/terminals', place: 'settings', order: 60, icon: <DesktopOutlined />, label: 'pairing.title', visible: ({ can }) => can(pairingStatus) }],
  catalogs: { pairing },
});
