import { CarOutlined, BankOutlined, FormOutlined, HistoryOutlined, IdcardOutlined, LikeOutlined } from '@ant-design/icons';
import { intakeRegister, intakeSearch } from '../../shared/intake/contract.js';
import { intakeRatings, intakeRatingStats } from '../../shared/intake/hall.js';
import { walkInRoutesOf } from '../../shared/intake/zones.js';
import { lazyPage } from '../app/pages.js';
import { rendererZone, type MenuEntry, type StationZone } from '../app/zone.js';

const FrontDeskPage = lazyPage(() => import('./FrontDeskPage.js'), 'FrontDeskPage');
const HistoryPage = lazyPage(() => import('./HistoryPage.js'), 'HistoryPage');
const QueueSlipPrint = lazyPage(() => import('./QueueSlipPrint.js'), 'QueueSlipPrint');
export const ZoneQueuePage = lazyPage(() => import('./ZoneQueuePage.js'), 'ZoneQueuePage');
const DisplayPage = lazyPage(() => import('./hall/DisplayPage.js'), 'DisplayPage');
const RatePage = lazyPage(() => import('./hall/RatePage.js'), 'RatePage');
const RatingsPage = lazyPage(() => import('./hall/RatingsPage.js'), 'RatingsPage');
const RatingStatsCard = lazyPage(() => import('./hall/RatingsPage.js'), 'RatingStatsCard');

/** A zone's walk-in queue heads its submenu, for those who serve its walk-ins (mediation's own page holds its queue). */
const queueEntry = (zone: Exclude<StationZone, 'mediation'>, icon: MenuEntry['icon']): MenuEntry => ({
  path: `/zone/${zone}`,
  place: zone,
  order: 10,
  icon,
  label: 'app.nav.zoneQueue',
  visible: ({ role }) => walkInRoutesOf(role).includes(zone),
});

export const intakeZone = rendererZone({
  name: 'intake',
  routes: [
    { path: 'front-desk', element: <FrontDeskPage /> },
    { path: 'history', element: <HistoryPage /> },
    { path: 'zone/:route', element: <ZoneQueuePage /> },
    { path: 'ratings', element: <RatingsPage /> },
  ],
  publicRoutes: [
    { path: '/hall/display', element: <DisplayPage /> },
    { path: '/hall/rate', element: <RatePage /> },
  ],
  printRoutes: [{ path: '/print/slip/:id', element: <QueueSlipPrint /> }],
  menu: [
    { path: '/front-desk', place: 'desk', order: 10, icon: <FormOutlined />, label: 'app.nav.frontDesk', visible: ({ can }) => can(intakeRegister) },
    { path: '/history', place: 'desk', order: 20, icon: <HistoryOutlined />, label: 'app.nav.history', visible: ({ can }) => can(intakeSearch) },
    { path: '/ratings', place: 'desk', order: 30, icon: <LikeOutlined />, label: 'intake.hall.ratings.menu', visible: ({ can }) => can(intakeRatings) },
    queueEntry('office', <BankOutlined />),
    queueEntry('collection', <IdcardOutlined />),
    queueEntry('patrol', <CarOutlined />),
  ],
  homeSlots: [{ key: 'ratings', order: 40, visible: ({ can }) => can(intakeRatingStats), Slot: ({ wrap }) => wrap(<RatingStatsCard />, 'ratings') }],
  catalogs: { intake: { zh: () => import('./i18n.zh.js'), en: () => import('./i18n.en.js') } },
});
