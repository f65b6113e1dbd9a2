import { Card, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { officeNoticeTemplates } from '../../shared/office/notices.js';
import { useCan } from '../app/me.js';
import { AssessmentTab } from './AssessmentTab.js';
import { NoticesTab } from './NoticesTab.js';
import { TasksTab } from './TasksTab.js';

/** The office's routine beside the duty log: the standard tasks, the notice library, the assessment. */
export const RoutinePage = () => {
  const { t } = useTranslation();
  const can = useCan();
  const [params, setParams] = useSearchParams();
  const items = [
    { key: 'tasks', label: t('office.routine.tabs.tasks'), children: <TasksTab /> },
    // grid workers do not print the station's notices
    ...(can(officeNoticeTemplates) ? [{ key: 'notices', label: t('office.routine.tabs.notices'), children: <NoticesTab /> }] : []),
    { key: 'assessment', label: t('office.routine.tabs.assessment'), children: <AssessmentTab /> },
  ];
  const active = items.some((i) => i.key === params.get('tab')) ? params.get('tab')! : 'tasks';
  return (
    <Card title={t('office.routine.title')} size="small">
      <Tabs activeKey={active} onChange={(key) => setParams({ tab: key }, { replace: true })} items={items} destroyOnHidden />
    </Card>
  );
};
