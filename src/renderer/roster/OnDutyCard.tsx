import { PhoneOutlined } from '@ant-design/icons';
import { Alert, Empty, List, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { rosterOnDuty, type OnDutyPerson } from '../../shared/roster/contract.js';
import { localDate, localTime } from '../../shared/time.js';
import { errorText } from '../app/i18n.js';
import { useMe } from '../app/me.js';
import { useMethod } from '../app/query.js';
import { displayShiftName } from '../../shared/roster/shiftNames.js';

const ROLE_COLOUR = { officer: 'blue', auxiliary: 'cyan' } as const;

/** Who is on duty now and who comes next, with their phones: the people a walk-in is forwarded to. */
export const OnDutyList = ({ compact = false }: { compact?: boolean }) => {
  const { t, i18n } = useTranslation();
  const { me } = useMe();
  const duty = useMethod(rosterOnDuty, {}, { refetchInterval: 60_000 });
  if (duty.error) return <Alert type="error" showIcon title={errorText(t, duty.error)} />;
  const today = localDate(new Date(), me.timeZone);
  const when = (iso: string) => {
    const d = localDate(iso, me.timeZone);
    return d === today ? localTime(iso, me.timeZone) : `${d.slice(5)} ${localTime(iso, me.timeZone)}`;
  };
  const row = (p: OnDutyPerson, now: boolean) => (
    <List.Item data-testid={now ? 'on-duty-now' : 'on-duty-next'}>
      <Space size={6} wrap>
        <Typography.Text strong>{p.name}</Typography.Text>
        <Tag color={ROLE_COLOUR[p.role]}>{t(`roster.roles.${p.role}`)}</Tag>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {displayShiftName(p.shiftName, i18n.language)} · {now ? t('roster.onDuty.until', { time: when(p.to) }) : t('roster.onDuty.from', { time: when(p.from) })}
        </Typography.Text>
      </Space>
      {p.phone && (
        <Typography.Text copyable={{ text: p.phone }} style={{ fontSize: compact ? 14 : 15 }}>
          <PhoneOutlined /> {p.phone}
        </Typography.Text>
      )}
    </List.Item>
  );
  // a shift opened by hand is on duty though no roster covers the moment
  if (duty.data && !duty.data.rostered && duty.data.now.length === 0) return <Typography.Paragraph type="secondary" data-testid="on-duty-none">{t('roster.onDuty.notRostered')}</Typography.Paragraph>;
  return (
    <div data-testid="on-duty">
      <Typography.Text strong>{t('roster.onDuty.now')}</Typography.Text>
      <List
        size="small"
        loading={duty.isPending}
        dataSource={duty.data?.now ?? []}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('roster.onDuty.none')} /> }}
        renderItem={(p) => row(p, true)}
      />
      {!compact && (duty.data?.next.length ?? 0) > 0 && (
        <>
          <Typography.Text strong>{t('roster.onDuty.next')}</Typography.Text>
          <List size="small" dataSource={duty.data?.next ?? []} renderItem={(p) => row(p, false)} />
        </>
      )}
    </div>
  );
};
