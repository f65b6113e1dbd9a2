import { UserSwitchOutlined } from '@ant-design/icons';
import { Alert, Button, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { localDateTime } from '../../shared/time.js';
import { useMe } from '../app/me.js';
import type { Match } from './registrationFields.js';

/** A returning visitor found by the ID number or phone typed: when last here, and the earlier details to take. */
export const ReturningVisitor = ({ match, canUse, onUse, onDismiss }: { match: Match; canUse: boolean; onUse: () => void; onDismiss: () => void }) => {
  const { t } = useTranslation();
  const { me } = useMe();
  return (
    <Alert
      type="info"
      icon={<UserSwitchOutlined />}
      showIcon
      style={{ marginBottom: 12, padding: '6px 10px' }}
      data-testid="returning"
      title={
        <>
          <div>
            {t('intake.desk.returning', {
              name: match.visitorName,
              last: localDateTime(match.lastVisitAt, me.timeZone),
              visits: match.visits,
            })}
          </div>
          {!canUse && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('intake.desk.filled')}
            </Typography.Text>
          )}
        </>
      }
      action={
        <Space size={4}>
          {canUse && (
            <Button size="small" type="primary" onClick={onUse} data-testid="use-match" title={t('intake.desk.useMatchHint')}>
              {t('intake.desk.useMatch')} ({t('intake.desk.useMatchHint')})
            </Button>
          )}
          <Button size="small" type="text" onClick={onDismiss} data-testid="dismiss-match">
            {t('intake.desk.dismiss')}
          </Button>
        </Space>
      }
    />
  );
};
