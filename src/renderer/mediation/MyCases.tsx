import { SolutionOutlined } from '@ant-design/icons';
import { Alert, Card, Empty, Flex, Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { mediationPoolList, mediationQueue } from '../../shared/mediation/contract.js';
import { errorText } from '../app/i18n.js';
import { useMe } from '../app/me.js';
import { useMethod } from '../app/query.js';
import { casePath, CaseStatusTag, Countdown, RiskTag } from './common.js';
import { MEDIATOR_ROLE } from './poolLink.js';
import { useCoreNow } from './ZonePage.js';
import { listText } from '../app/messages.js';

const SHOWN = 8;
/** enough for any one mediator's open cases: the count in the title is theirs */
const READ = 200;

/**
 * 我的案件 on the home page: the open cases assigned to the pool entry the login is linked to, the
 * next deadline first (the queue's order). A 调解员 whose login is not linked yet is told why the
 * card is empty and whom to ask; anyone else without an entry sees no card.
 */
export const MyCasesSlot = ({ wrap }: { wrap: (card: ReactNode, key: string) => ReactNode }) => {
  const { t } = useTranslation();
  const { me } = useMe();
  const navigate = useNavigate();
  const pool = useMethod(mediationPoolList, { includeInactive: true });
  const entry = pool.data?.find((m) => m.staffId === me.staffId);
  const queue = useMethod(mediationQueue, { mediatorId: entry?.id, limit: READ }, { enabled: !!entry, refetchInterval: 30_000 });
  const now = useCoreNow(queue.data?.now, queue.dataUpdatedAt);
  if (!pool.data && !pool.error) return null;
  if (!entry && me.role !== MEDIATOR_ROLE) return null;
  const error = pool.error ?? queue.error;
  // the queue answers every late case whatever the filter: the card keeps the mediator's own
  const assigned = (queue.data?.cases ?? []).filter((c) => c.matchesFilter);
  const cases = assigned.slice(0, SHOWN);
  return wrap(
    <Card size="small" title={<Space><SolutionOutlined />{t('mediation.home.myCases')}{queue.data ? ` ${assigned.length}` : ''}</Space>} data-testid="home-slot-my-cases" style={{ height: '100%' }}>
      {error && <Alert type="error" showIcon title={errorText(t, error)} />}
      {!entry && !pool.error && <Alert type="info" showIcon title={t('mediation.home.myCasesUnlinked')} data-testid="my-cases-unlinked" />}
      {entry && queue.data && cases.length === 0 && (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('mediation.home.myCasesNone')} style={{ margin: '4px 0' }} />
      )}
      {cases.length > 0 && (
        <Flex vertical gap={6}>
          {cases.map((c) => {
            const startDue = c.status === 'accepted' && !!c.startDueAt;
            const due = startDue ? c.startDueAt : c.status === 'mediating' ? c.concludeDueAt : null;
            return (
              <Flex key={c.id} gap={6} align="center" wrap data-testid={`my-case-${c.caseNo}`}>
                <Typography.Link onClick={() => navigate(casePath(c.id))}>{c.caseNo}</Typography.Link>
                <Typography.Text ellipsis style={{ maxWidth: 140 }}>
                  {listText(t, c.partyNames)}
                </Typography.Text>
                <CaseStatusTag status={c.status} />
                {due && <Countdown now={now} due={due} overdue={startDue ? c.startOverdue : c.concludeOverdue} />}
                {c.riskLevel !== 'low' && <RiskTag level={c.riskLevel} score={c.riskScore} />}
              </Flex>
            );
          })}
        </Flex>
      )}
    </Card>,
    'myCases',
  );
};
