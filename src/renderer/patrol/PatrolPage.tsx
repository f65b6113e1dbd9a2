import { Card, Tabs, type TabsProps } from 'antd';
import { type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { PREVENTION_TABS } from './PreventionTabs.js';
import { PatrolsTab } from './PatrolsTab.js';
import { VolunteersTab } from './VolunteersTab.js';
import { MarketTab } from './MarketTab.js';
import { RoutesTab } from './RoutesTab.js';
import { RulesTab } from './RulesTab.js';
import type { TFunction } from 'i18next';

/** A tab of the patrol zone: a self-contained component under its label. */
export interface PatrolTab {
  key: string;
  label: (t: TFunction) => string;
  render: () => ReactNode;
}

/**
 * The tabs of the patrol zone, in order: patrols and the volunteers' points here, then the
 * prevention tabs (property night checks, school guard posts, video channels). A further part of
 * the zone adds its own entries the same way.
 */
const PATROL_TABS: PatrolTab[] = [
  { key: 'patrols', label: (t) => t('patrol.tabs.patrols'), render: () => <PatrolsTab /> },
  { key: 'volunteers', label: (t) => t('patrol.tabs.volunteers'), render: () => <VolunteersTab /> },
  { key: 'market', label: (t) => t('patrol.tabs.market'), render: () => <MarketTab /> },
  { key: 'routes', label: (t) => t('patrol.tabs.routes'), render: () => <RoutesTab /> },
  { key: 'rules', label: (t) => t('patrol.tabs.rules'), render: () => <RulesTab /> },
  ...PREVENTION_TABS,
];

export const PatrolPage = () => {
  const { t } = useTranslation();
  const items: TabsProps['items'] = PATROL_TABS.map((tab) => ({ key: tab.key, label: tab.label(t), children: tab.render() }));
  return (
    <Card title={t('patrol.title')} size="small">
      <Tabs items={items} destroyOnHidden />
    </Card>
  );
};
