import { TeamOutlined } from '@ant-design/icons';
import { staffList } from '../../shared/staff/contract.js';
import { lazyPage } from '../app/pages.js';
import { rendererZone } from '../app/zone.js';
import * as staff from './i18n.js';

const StaffPage = lazyPage(() => import('./StaffPage.js'), 'StaffPage');

export const staffZone = rendererZone({
  name: 'staff',
  routes: [{ path: 'settings/staff', element: <StaffPage /> }],
  menu: [{ path: '/settings/staff', place: 'settings', order: 10, icon: <TeamOutlined />, label: 'app.nav.staff', visible: ({ can }) => can(staffList) }],
  catalogs: { staff },
});
