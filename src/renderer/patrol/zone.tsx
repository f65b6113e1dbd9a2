import { CarOutlined, FlagOutlined } from '@ant-design/icons';
import { patrolBoard } from '../../shared/patrol/contract.js';
import { lazyPage } from '../app/pages.js';
import { inOneModule, rendererZone } from '../app/zone.js';

const PatrolPage = lazyPage(() => import('./PatrolPage.js'), 'PatrolPage');
const StatementPrint = lazyPage(() => import('./PatrolPrint.js'), 'StatementPrint');
const VolunteerCardPrint = lazyPage(() => import('./PatrolPrint.js'), 'VolunteerCardPrint');
const PreventionFeedbackPrint = lazyPage(() => import('./PreventionFeedbackPrint.js'), 'PreventionFeedbackPrint');

export const patrolZone = rendererZone({
  name: 'patrol',
  routes: [{ path: 'patrol', element: <PatrolPage /> }],
  printRoutes: [
    { path: '/print/patrol/statement/:id/:month', element: <StatementPrint /> },
    { path: '/print/patrol/card/:id', element: <VolunteerCardPrint /> },
    { path: '/print/patrol/feedback/:propertyId/:month', element: <PreventionFeedbackPrint /> },
  ],
  zoneMenu: { zone: 'patrol', order: 40, icon: <CarOutlined />, label: 'app.nav.patrol' },
  menu: [{ path: '/patrol', place: 'patrol', order: 20, icon: <FlagOutlined />, label: 'patrol.nav', visible: ({ can }) => can(patrolBoard) }],
  catalogs: { patrol: inOneModule(() => import('./i18n.js')), prevention: inOneModule(() => import('./prevention.i18n.js')) },
  fieldsIn: 'patrol',
});
