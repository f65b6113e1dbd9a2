import { DatabaseOutlined, IdcardOutlined } from '@ant-design/icons';
import { collectionTree } from '../../shared/collection/contract.js';
import { lazyPage } from '../app/pages.js';
import { rendererZone } from '../app/zone.js';

const CollectionPage = lazyPage(() => import('./CollectionPage.js'), 'CollectionPage');
const ChartPrint = lazyPage(() => import('./CollectionPrint.js'), 'ChartPrint');
const NoticePrint = lazyPage(() => import('./CollectionPrint.js'), 'NoticePrint');

export const collectionZone = rendererZone({
  name: 'collection',
  routes: [{ path: 'collection', element: <CollectionPage /> }],
  printRoutes: [
    { path: '/print/collection/chart/:id', element: <ChartPrint /> },
    { path: '/print/collection/notice/:id', element: <NoticePrint /> },
  ],
  zoneMenu: { zone: 'collection', order: 30, icon: <IdcardOutlined />, label: 'app.nav.collection' },
  menu: [{ path: '/collection', place: 'collection', order: 20, icon: <DatabaseOutlined />, label: 'collection.nav', visible: ({ can }) => can(collectionTree) }],
  catalogs: { collection: { zh: () => import('./i18n.zh.js'), en: () => import('./i18n.en.js') } },
});
