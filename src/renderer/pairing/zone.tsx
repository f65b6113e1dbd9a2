import { DesktopOutlined } from '@ant-design/icons';
import { pairingStatus } from '../../shared/pairing/contract.js';
import { lazyPage } from '../app/pages.js';
import { inOneModule, rendererZone } from '../app/zone.js';

const PairingPage = lazyPage(() => import('./PairingPage.js'), 'PairingPage');

export const pairingZone = rendererZone({
  name: 'pairing',
  routes: [{ path: 'settings/terminals', element: <PairingPage /> }],
  menu: [{ path: '/settings/terminals', place: 'settings', order: 60, icon: <DesktopOutlined />, label: 'pairing.title', visible: ({ can }) => can(pairingStatus) }],
  catalogs: { pairing: inOneModule(() => import('./i18n.js')) },
});
