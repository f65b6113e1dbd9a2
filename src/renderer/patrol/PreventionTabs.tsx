import type { PatrolTab } from './PatrolPage.js';
import './prevention.css';
import { PropertiesTab } from './prevention/PropertiesTab.js';
import { SchoolsTab } from './prevention/SchoolsTab.js';
import { CamerasTab } from './prevention/CamerasTab.js';

/** The three prevention tabs of the patrol zone — property night patrols, school guard posts, video channels. */
export const PREVENTION_TABS: PatrolTab[] = [
  { key: 'properties', label: (t) => t('prevention.tabs.properties'), render: () => <PropertiesTab /> },
  { key: 'schools', label: (t) => t('prevention.tabs.schools'), render: () => <SchoolsTab /> },
  { key: 'cameras', label: (t) => t('prevention.tabs.cameras'), render: () => <CamerasTab /> },
];
