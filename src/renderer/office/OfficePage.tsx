import { Alert, Card, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { officeNow } from '../../shared/office/contract.js';
import { errorText } from '../app/i18n.js';
import { useMethod } from '../app/query.js';
import { LogTab } from './LogTab.js';
import { HandoverTab } from './HandoverTab.js';
import { EquipmentTab } from './EquipmentTab.js';

/** The office zone: the duty log of the shift on duty, its handover, and the station's equipment. */
export const OfficePage = () => {
  const { t } = useTranslation();
  const now = useMethod(officeNow, {}, { refetchInterval: 15_000 });
  return (
    <Card title={t('office.title')} size="small">
      {now.error && <Alert type="error" showIcon title={errorText(t, now.error)} />}
      <Tabs
        items={[
          { key: 'log', label: t('office.tabs.log'), children: now.data ? <LogTab now={now.data} /> : null },
          { key: 'handover', label: t('office.tabs.handover'), children: now.data ? <HandoverTab now={now.data} /> : null },
          { key: 'equipment', label: t('office.tabs.equipment'), children: <EquipmentTab /> },
        ]}
      />
    </Card>
  );
};
