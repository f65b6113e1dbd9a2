import { SafetyOutlined } from '@ant-design/icons';
import { Alert, Card, Empty, List, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { authFailedAttempts, type FailedAttemptGroup } from '../../shared/auth/contract.js';
import { localDateTime } from '../../shared/time.js';
import { errorText } from '../app/i18n.js';
import { useMe } from '../app/me.js';
import { useMethod } from '../app/query.js';

/**
 * The head's view of guessing: recent failed logins, password checks and pairing codes, by
 * account and by where they came from, and what is locked or paused because of them.
 */
export const FailedAttemptsCard = () => {
  const { t } = useTranslation();
  const { me } = useMe();
  const tries = useMethod(authFailedAttempts, {}, { refetchInterval: 60_000 });
  const data = tries.data;
  const where = (g: FailedAttemptGroup) =>
    g.client === 'desk'
      ? t('auth.failedAttempts.desk')
      : g.client === 'terminal'
        ? t('auth.failedAttempts.terminal', { name: g.clientName ?? '', address: g.address ?? '' })
        : t('auth.failedAttempts.address', { address: g.address ?? '' });
  return (
    <Card
      size="small"
      title={<Space><SafetyOutlined />{t('auth.failedAttempts.title', { days: data?.days ?? 7 })}</Space>}
      extra={data && data.total > 0 && <Tag color="orange" data-testid="failed-attempts-total">{t('auth.failedAttempts.total', { count: data.total })}</Tag>}
      data-testid="home-failed-attempts"
    >
      {tries.error && <Alert type="error" showIcon title={errorText(t, tries.error)} />}
      {data?.pairingPausedUntil && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 8 }}
          data-testid="failed-attempts-pairing-paused"
          title={t('auth.failedAttempts.pairingPaused', { time: localDateTime(data.pairingPausedUntil, me.timeZone) })}
        />
      )}
      {data && data.groups.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('auth.failedAttempts.none')} style={{ margin: '4px 0' }} />
      ) : (
        <List
          size="small"
          loading={tries.isPending}
          dataSource={data?.groups ?? []}
          renderItem={(g) => (
            <List.Item data-testid="failed-attempt">
              <Space size={6} wrap>
                <Tag>{t(`auth.failedAttempts.kinds.${g.kind}`)}</Tag>
                {g.kind !== 'pairing' && (
                  <Typography.Text strong>
                    {g.staffName ? t('app.aside', { text: g.staffName, aside: g.account }) : t('auth.failedAttempts.unknownAccount', { account: g.account ?? '' })}
                  </Typography.Text>
                )}
                <Typography.Text>{where(g)}</Typography.Text>
                {g.lockedUntil && <Tag color="red">{t('auth.failedAttempts.locked', { time: localDateTime(g.lockedUntil, me.timeZone) })}</Tag>}
              </Space>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('auth.failedAttempts.times', { count: g.count, time: localDateTime(g.lastAt, me.timeZone) })}
              </Typography.Text>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
};
