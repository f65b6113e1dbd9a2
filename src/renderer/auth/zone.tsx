import { KeyOutlined } from '@ant-design/icons';
import { lazyPage } from '../app/pages.js';
import { rendererZone } from '../app/zone.js';

export const ChangePasswordPage = lazyPage(() => import('./ChangePasswordPage.js'), 'ChangePasswordPage');

export const authZone = rendererZone({
  name: 'auth',
  routes: [{ path: 'settings/password', element: ({ refetchMe }) => <ChangePasswordPage onDone={refetchMe} /> }],
  menu: [{ path: '/settings/password', place: 'settings', order: 30, icon: <KeyOutlined />, label: 'auth.changePassword.title' }],
});
