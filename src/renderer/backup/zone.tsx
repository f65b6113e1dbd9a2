import { SafetyCertificateOutlined } from '@ant-design/icons';
import { backupStatus } from '../../shared/backup/contract.js';
import { lazyPage } from '../app/pages.js';
import { inOneModule, rendererZone } from '../app/zone.js';
import { RECOVERY_SHEET_PATH } from './recoverySheetPath.js';

const BackupPage = lazyPage(() => import('./BackupPage.js'), 'BackupPage');
const RecoverySheetPrint = lazyPage(() => import('./RecoveryKey.js'), 'RecoverySheetPrint');

export const backupZone = rendererZone({
  name: 'backup',
  routes: [{ path: 'settings/backup', element: <BackupPage /> }],
  printRoutes: [{ path: RECOVERY_SHEET_PATH, element: <RecoverySheetPrint /> }],
  menu: [{ path: '/settings/backup', place: 'settings', order: 90, icon: <SafetyCertificateOutlined />, label: 'backup.title', visible: ({ can }) => can(backupStatus) }],
  catalogs: { backup: inOneModule(() => import('./i18n.js')) },
});
