import { AlertOutlined, ClockCircleOutlined } from '@ant-design/icons';
import { Alert, Card, Empty, Flex, Space, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { mediationAlerts, type QueueCase } from '../../shared/mediation/contract.js';
import { errorText } from '../app/i18n.js';
import { useMethod } from '../app/query.js';
import { casePath, Countdown, RiskTag } from './common.js';
import { TransferTag, useCoreNow } from './ZonePage.js';
import type { Names } from '../app/resources.js';
import { listText } from '../app/messages.js';

type Group = { key: string; cases: QueueCase[]; due?: (c: QueueCase) => { due: string | null; overdue: boolean } };

const Groups = ({ groups, none, now }: { groups: Group[]; none: string; now: number }) => {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const shown = groups.filter((g) => g.cases.length > 0);
  if (shown.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={none} style={{ margin: '4px 0' }} />;
  return (
    <Flex vertical gap={8}>
      {shown.map((g) => (
        <div key={g.key} data-testid={`home-${g.key}`}>
          <Typography.Text strong type="danger">
            {t(`mediation.home.${g.key as Names<'mediation.home'>}`)} {g.cases.length}
          </Typography.Text>
          {g.cases.slice(0, 8).map((c) => (
            <Flex key={c.id} gap={6} align="center" wrap data-testid={`home-case-${c.caseNo}`}>
              <Typography.Link onClick={() => navigate(casePath(c.id))}>{c.caseNo}</Typography.Link>
              <Typography.Text ellipsis style={{ maxWidth: 160 }}>
                {listText(t, c.partyNames)}
              </Typography.Text>
              {g.due && <Countdown now={now} {...g.due(c)} />}
              {g.key === 'highRisk' && <RiskTag level={c.riskLevel} score={c.riskScore} />}
              {g.key === 'followUpsDue' && <Tag>{c.followUpDate}</Tag>}
              <TransferTag transfer={c.transfer} />
            </Flex>
          ))}
        </div>
      ))}
    </Flex>
  );
};

const Slot = ({ icon, title, testId, children }: { icon: ReactNode; title: string; testId: string; children: ReactNode }) => (
  <Card size="small" title={<Space>{icon}{title}</Space>} data-testid={testId} style={{ height: '100%' }}>
    {children}
  </Card>
);

/** The home screen's 逾期事项 and 预警 from the mediation zone: nothing overdue or failed goes unseen. */
export const MediationHomeSlots = ({ overdueTitle, alertsTitle, wrap }: { overdueTitle: string; alertsTitle: string; wrap: (slot: ReactNode, key: string) => ReactNode }) => {
  const { t } = useTranslation();
  const alerts = useMethod(mediationAlerts, {}, { refetchInterval: 30_000 });
  const now = useCoreNow(alerts.data?.now, alerts.dataUpdatedAt);
  const a = alerts.data;
  const error = alerts.error && <Alert type="error" showIcon title={errorText(t, alerts.error)} />;
  return (
    <>
      {wrap(
        <Slot icon={<ClockCircleOutlined />} title={overdueTitle} testId="home-slot-overdue">
          {error}
          {a && (
            <Groups
              now={now}
              none={t('mediation.home.noneOverdue')}
              groups={[
                { key: 'overdueStart', cases: a.overdueStart, due: (c) => ({ due: c.startDueAt, overdue: true }) },
                { key: 'overdueConclude', cases: a.overdueConclude, due: (c) => ({ due: c.concludeDueAt, overdue: true }) },
                { key: 'followUpsDue', cases: a.followUpsDue },
              ]}
            />
          )}
        </Slot>,
        'overdue',
      )}
      {wrap(
        <Slot icon={<AlertOutlined />} title={alertsTitle} testId="home-slot-alerts">
          {error}
          {a && (
            <Groups
              now={now}
              none={t('mediation.home.noneAlerts')}
              groups={[
                { key: 'failuresPending', cases: a.failuresPending },
                { key: 'highRisk', cases: a.highRisk },
              ]}
            />
          )}
        </Slot>,
        'alerts',
      )}
    </>
  );
};
