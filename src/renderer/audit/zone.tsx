import { AuditOutlined, EyeOutlined } from '@ant-design/icons';
import { auditList, auditUnmaskings } from '../../shared/audit/contract.js';
import { lazyPage } from '../app/pages.js';
import { inOneModule, rendererZone } from '../app/zone.js';

const AuditPage = lazyPage(() => import('./AuditPage.js'), 'AuditPage');
const UnmaskingPage = lazyPage(() => import('./UnmaskingPage.js'), 'UnmaskingPage');

export const auditZone = rendererZone({
  name: 'audit',
  routes: [
    { path: 'settings/audit', element: <AuditPage /> },
    { path: 'settings/unmasking', element: <UnmaskingPage /> },
  ],
  menu: [
    { path: '/settings/audit', place: 'settings', order: 40, icon: <AuditOutlined />, label: 'app.nav.audit', visible: ({ can }) => can(auditList) },
    { path: '/settings/unmasking', place: 'settings', order: 50, icon: <EyeOutlined />, label: 'audit.unmasking.nav', visible: ({ can }) => can(auditUnmaskings) },
  ],
  catalogs: { audit: inOneModule(() => import('./i18n.js')) },
});
