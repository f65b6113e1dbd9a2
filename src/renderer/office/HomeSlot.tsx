import { FieldTimeOutlined, SwapOutlined } from '@ant-design/icons';
import { Alert, Badge, Card, Empty, Flex, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { officePending } from '../../shared/office/contract.js';
import { officeTaskOverdue } from '../../shared/office/tasks.js';
import { localDateTime } from '../../shared/time.js';
import { errorText } from '../app/i18n.js';
import { useMe } from '../app/me.js';
import { useMethod } from '../app/query.js';

/**
 * The home screen's 未签字的交接班: a handover stays here, on whichever shift's screen, until the
 * receiver has signed; a shift whose time is over without one shows too.
 */
export const HandoverHomeSlot = ({ title }: { title: string }) => {
  const { t } = useTranslation();
  const { me } = useMe();
  const navigate = useNavigate();
  const pending = useMethod(officePending, {}, { refetchInterval: 30_000 });
  const p = pending.data;
  const shiftLabel = (name: string, startsAt: string) => `${localDateTime(startsAt, me.timeZone)} ${name}`;
  return (
    <Card size="small" title={<Space><SwapOutlined />{title}</Space>} data-testid="home-slot-handover" style={{ height: '100%' }}>
      {pending.error && <Alert type="error" showIcon title={errorText(t, pending.error)} />}
      {p && p.handovers.length === 0 && p.overdueShifts.length === 0 && (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('office.home.none')} style={{ margin: '4px 0' }} />
      )}
      <Flex vertical gap={4}>
        {p?.handovers.map((h) => (
          <Typography.Link key={h.id} type="danger" onClick={() => navigate('/office')} data-testid="home-handover-pending">
            {t('office.home.pending', { shift: shiftLabel(h.shiftName, h.shiftStartsAt), giver: h.giver.name, receiver: h.receiver.name, status: t(`office.handoverStatuses.${h.status}`) })}
          </Typography.Link>
        ))}
        {p?.overdueShifts.map((s) => (
          <Typography.Link key={s.id} type="warning" onClick={() => navigate('/office')} data-testid="home-handover-overdue">
            {t('office.home.overdue', { shift: shiftLabel(s.name, s.startsAt) })}
          </Typography.Link>
        ))}
      </Flex>
    </Card>
  );
};

/**
 * The home screen's 逾期任务: open tasks past their due date — the head sees everyone's, anyone
 * else their own — until they are done.
 */
export const TaskHomeSlot = () => {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const overdue = useMethod(officeTaskOverdue, {}, { refetchInterval: 60_000 });
  const o = overdue.data;
  return (
    <Card size="small" title={<Space><FieldTimeOutlined />{t('office.taskHome.title')}{o && o.total > 0 ? <Badge count={o.total} /> : null}</Space>} data-testid="home-slot-tasks" style={{ height: '100%' }}>
      {overdue.error && <Alert type="error" showIcon title={errorText(t, overdue.error)} />}
      {o && o.total === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('office.taskHome.none')} style={{ margin: '4px 0' }} />}
      <Flex vertical gap={4}>
        {o?.tasks.map((task) => (
          <Typography.Link key={task.id} type="danger" onClick={() => navigate('/office/routine?tab=tasks')} data-testid="home-task-overdue">
            {t('office.taskHome.line', { title: task.title, name: task.assignee.name, due: task.dueDate })}
          </Typography.Link>
        ))}
        {o && o.total > o.tasks.length && <Typography.Text type="secondary">{t('office.taskHome.more', { count: o.total - o.tasks.length })}</Typography.Text>}
      </Flex>
    </Card>
  );
};
