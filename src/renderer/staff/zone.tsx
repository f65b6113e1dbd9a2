import { TeamOutlined } from '@ant-design/icons';
import { staffList } from '../../shared/staff/contract.js';
import { lazyPage } from '../app/pages.js';
import { inOneModule, rendererZone } from '../app/zone.js';

const StaffPage = lazyPage(() => import('./StaffPage.js'), 'StaffPage');

export const staffZone = rendererZone({
  name: 'staff',
  routes: [{ path: 'settings/staff', element: <StaffPage /> }],
  menu: [{ path: '/settings/staff', place: 'settings', order: 10, icon: <TeamOutlined />, label: 'app.nav.staff', visible: ({ can }) => can(staffList) }],
  catalogs: { staff: inOneModule(() => import('./i18n.js')) },
});
