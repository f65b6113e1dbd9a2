import { ApartmentOutlined } from '@ant-design/icons';
import { lazyPage } from '../app/pages.js';
import { inOneModule, rendererZone } from '../app/zone.js';

const ContactCardPrint = lazyPage(() => import('./ContactCardPrint.js'), 'ContactCardPrint');
const TestPrint = lazyPage(() => import('./TestPrint.js'), 'TestPrint');
const StationSettingsPage = lazyPage(() => import('./StationSettingsPage.js'), 'StationSettingsPage');

export const stationZone = rendererZone({
  name: 'station',
  routes: [{ path: 'settings/station', element: <StationSettingsPage /> }],
  printRoutes: [
    { path: '/print/contact-card', element: <ContactCardPrint /> },
    { path: '/print/test/:kind', element: <TestPrint /> },
  ],
  menu: [{ path: '/settings/station', place: 'settings', order: 20, icon: <ApartmentOutlined />, label: 'app.nav.station' }],
  catalogs: { station: inOneModule(() => import('./i18n.js')) },
});
