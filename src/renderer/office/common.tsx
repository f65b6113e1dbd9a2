import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { LogEntry } from '../../shared/office/contract.js';
import type { Names } from '../app/resources.js';
import { displayQueueNumber } from '../../shared/intake/zones.js';

/** What an entry says: typed text as typed; an entry from another zone's record in words. */
export const EntryText = ({ entry }: { entry: LogEntry }) => {
  const { t, i18n } = useTranslation();
  const a = entry.auto;
  if (!a) return <>{entry.action}</>;
  let text: string;
  if (a.kind === 'walkIn')
    text = t('office.entry.walkIn', { queueNo: displayQueueNumber(a.queueNo, i18n.language), purpose: t(`intake.purposes.${a.purpose as Names<'intake.purposes'>}`), route: t(`intake.routes.${a.route as Names<'intake.routes'>}`), status: t(`intake.statuses.${a.status as Names<'intake.statuses'>}`) });
  else if (a.kind === 'referral') text = t('office.entry.referral', { caseNo: a.caseNo, type: t(`mediation.types.${a.disputeType as Names<'mediation.types'>}`), by: a.referredBy ?? '' });
  else text = t('office.entry.failed', { caseNo: a.caseNo, type: t(`mediation.types.${a.disputeType as Names<'mediation.types'>}`), feedback: a.feedback ?? '' });
  return (
    <span data-testid="office-entry-auto">
      {text} <Typography.Text type="secondary">（{t('office.entry.auto')}）</Typography.Text>
    </span>
  );
};
