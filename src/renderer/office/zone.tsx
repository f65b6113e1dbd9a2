import { BankOutlined, CheckSquareOutlined, ScheduleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { officeNow, officePending } from '../../shared/office/contract.js';
import { officeTaskList, officeTaskOverdue } from '../../shared/office/tasks.js';
import { lazyPage } from '../app/pages.js';
import { inOneModule, rendererZone } from '../app/zone.js';

const HandoverPrint = lazyPage(() => import('./HandoverPrint.js'), 'HandoverPrint');
const OfficeNoticePrint = lazyPage(() => import('./NoticePrint.js'), 'NoticePrint');
const OfficeRoutinePage = lazyPage(() => import('./RoutinePage.js'), 'RoutinePage');
const OfficePage = lazyPage(() => import('./OfficePage.js'), 'OfficePage');
const HandoverHomeSlot = lazyPage(() => import('./HomeSlot.js'), 'HandoverHomeSlot');
const TaskHomeSlot = lazyPage(() => import('./HomeSlot.js'), 'TaskHomeSlot');

const HandoverTitled = () => {
  const { t } = useTranslation();
  return <HandoverHomeSlot title={t('intake.home.handover')} />;
};

export const officeZone = rendererZone({
  name: 'office',
  routes: [
    { path: 'office', element: <OfficePage /> },
    { path: 'office/routine', element: <OfficeRoutinePage /> },
  ],
  printRoutes: [
    { path: '/print/office/handover/:id', element: <HandoverPrint /> },
    { path: '/print/office/notice/:id', element: <OfficeNoticePrint /> },
  ],
  zoneMenu: { zone: 'office', order: 10, icon: <BankOutlined />, label: 'app.nav.office' },
  menu: [
    { path: '/office', place: 'office', order: 20, icon: <ScheduleOutlined />, label: 'app.nav.officeLog', visible: ({ can }) => can(officeNow) },
    { path: '/office/routine', place: 'office', order: 30, icon: <CheckSquareOutlined />, label: 'app.nav.officeRoutine', visible: ({ can }) => can(officeTaskList) },
  ],
  homeSlots: [
    { key: 'handover', order: 20, visible: ({ can }) => can(officePending), Slot: ({ wrap }) => wrap(<HandoverTitled />, 'handover') },
    { key: 'tasks', order: 30, visible: ({ can }) => can(officeTaskOverdue), Slot: ({ wrap }) => wrap(<TaskHomeSlot />, 'tasks') },
  ],
  catalogs: { office: inOneModule(() => import('./i18n.js')) },
});
