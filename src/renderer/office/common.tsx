import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { LogEntry } from '../../shared/office/contract.js';

/** What an entry says: typed text as typed; an entry from another zone's record in words. */
export const EntryText = ({ entry }: { entry: LogEntry }) => {
  const { t } = useTranslation();
  const a = entry.auto;
  if (!a) return <>{entry.action}</>;
  let text: string;
  if (a.kind === 'walkIn')
    text = t('office.entry.walkIn', { queueNo: a.queueNo, purpose: t(`intake.purposes.${a.purpose}`), route: t(`intake.routes.${a.route}`), status: t(`intake.statuses.${a.status}`) });
  else if (a.kind === 'referral') text = t('office.entry.referral', { caseNo: a.caseNo, type: t(`mediation.types.${a.disputeType}`), by: a.referredBy ?? '' });
  else text = t('office.entry.failed', { caseNo: a.caseNo, type: t(`mediation.types.${a.disputeType}`), feedback: a.feedback ?? '' });
  return (
    <span data-testid="office-entry-auto">
      {text} <Typography.Text type="secondary">（{t('office.entry.auto')}）</Typography.Text>
    </span>
  );
};
