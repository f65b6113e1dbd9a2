import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { LogEntry } from '../../shared/office/contract.js';
import type { Names } from '../app/resources.js';
import { displayQueueNumber } from '../../shared/intake/zones.js';
import type { ComposedEntry, EntryColumns } from '../../shared/office/composed.js';
import { localTime } from '../../shared/time.js';
import { useMe } from '../app/me.js';
import { listText } from '../app/messages.js';

/** An entry's columns as the reader reads them. */
export type EntryParts = EntryColumns;

/** An entry's columns in one line, as a list of open items shows them. */
export const entryLine = (p: EntryParts): string => [p.people, p.place, p.action, p.result].filter(Boolean).join(' · ');

/**
 * An entry's columns in the reader's language: one the app wrote itself worded from its kind and
 * values (what someone typed in it, such as a visitor's comment, as typed); any other as stored.
 */
export const useEntryParts = (): ((entry: EntryParts & { composed: ComposedEntry | null }) => EntryParts) => {
  const { t, i18n } = useTranslation();
  const { me } = useMe();
  return (entry) => {
    const c = entry.composed;
    const stored = { people: entry.people, place: entry.place, action: entry.action, result: entry.result };
    if (!c) return stored;
    if (c.kind === 'patrolEnded')
      return {
        ...stored,
        people: c.people?.length ? listText(t, c.people) : stored.people,
        action: t('office.entry.composed.patrolEnded', {
          from: localTime(c.startedAt, me.timeZone),
          to: localTime(c.endedAt, me.timeZone),
          route: c.route,
          passed: c.passed,
          total: c.checkpoints.length,
          checkpoints: c.checkpoints.join(' → '),
        }),
        result: c.findings.length
          ? t('office.entry.composed.patrolFound', { count: c.findings.length, findings: c.findings.join(t('office.entry.composed.findingSeparator')) })
          : t('office.entry.composed.patrolNothing'),
      };
    // the place and what was found stay as typed
    if (c.kind === 'patrolFinding') return { ...stored, people: c.people.length ? listText(t, c.people) : stored.people };
    if (c.kind === 'poorRating')
      return {
        ...stored,
        people: t('office.entry.composed.ratingPeople', { name: c.visitorName, queueNo: displayQueueNumber(c.queueNo, i18n.language) }),
        action: t('office.entry.composed.poorRating', {
          level: t(`intake.hall.levels.${c.level}`),
          reasons: listText(t, c.reasons.map((r) => t(`intake.hall.reasons.${r}`))),
        }),
      };
    return { ...stored, action: t('office.entry.composed.noticePrinted', { title: c.title, pageSize: c.pageSize }) };
  };
};

/** What an entry says: typed text as typed; an entry from another zone's record in words. */
export const EntryText = ({ entry }: { entry: LogEntry }) => {
  const { t, i18n } = useTranslation();
  const parts = useEntryParts();
  const a = entry.auto;
  if (!a) return <>{parts(entry).action}</>;
  let text: string;
  if (a.kind === 'walkIn')
    text = t('office.entry.walkIn', { queueNo: displayQueueNumber(a.queueNo, i18n.language), purpose: t(`intake.purposes.${a.purpose as Names<'intake.purposes'>}`), route: t(`intake.routes.${a.route as Names<'intake.routes'>}`), status: t(`intake.statuses.${a.status as Names<'intake.statuses'>}`) });
  else if (a.kind === 'referral') text = t('office.entry.referral', { caseNo: a.caseNo, type: t(`mediation.types.${a.disputeType as Names<'mediation.types'>}`), by: a.referredBy ?? '' });
  else text = t('office.entry.failed', { caseNo: a.caseNo, type: t(`mediation.types.${a.disputeType as Names<'mediation.types'>}`), feedback: a.feedback ?? '' });
  return (
    <span data-testid="office-entry-auto">
      {text} <Typography.Text type="secondary">{t('office.entry.auto')}</Typography.Text>
    </span>
  );
};
