import type { TFunction } from 'i18next';
import type { AuditDetail, AuditDetailKind } from '../../shared/audit/details.js';
import { wordDetail, type ValueWords } from '../../shared/audit/words.js';
import { CARD_READER_FAULTS, type CardFailure, type CardReaderFault } from '../../shared/intake/cardReader.js';
import { displayQueueNumber } from '../../shared/intake/zones.js';
import type { RetentionKind } from '../../shared/retention/contract.js';

/**
 * A detail's coded values in the reader's words: a walk-in's status, a zone, a visit's status, a
 * side of the handover, an import's counts, a queue number, a list of points or periods.
 */
const valueWords = (t: TFunction): ValueWords => (detail, field) => {
  if (detail.kind === 'walkInStatus' && field === 'status') return t(`intake.statuses.${detail.status}`);
  if (detail.kind === 'walkInReferred' && field === 'route') return t(`intake.routes.${detail.route}`);
  if (detail.kind === 'appointmentStatus' && field === 'status') return t(`collection.appointmentStatuses.${detail.status}`);
  if ((detail.kind === 'handoverSigned' || detail.kind === 'handoverRefused') && field === 'side') return t(`audit.sides.${detail.side}`);
  if (detail.kind === 'passwordRefused' && field === 'action') return t(`audit.actions.${detail.action}`);
  if ((detail.kind === 'caseStep' || detail.kind === 'caseStepWithReason') && field === 'step') return t(`audit.caseSteps.${detail.step}`);
  if (detail.kind === 'agreementDocument' && field === 'unmasked') return t(detail.unmasked ? 'audit.identities.full' : 'audit.identities.masked');
  const list = (items: string[]) => (items.length ? items.join(t('audit.separator')) : t('audit.none'));
  const flag = (on: boolean, words: string) => (on ? words : '');
  if ((detail.kind === 'queueCalled' || detail.kind === 'queueNumber') && field === 'queueNo') return displayQueueNumber(detail.queueNo, t('audit.language'));
  if (detail.kind === 'queueCalled' && field === 'chosen') return flag(detail.chosen, t('audit.calledChosen'));
  if (detail.kind === 'visitorRating' && field === 'level') return t(`intake.hall.levels.${detail.level}`);
  if (detail.kind === 'visitorRating' && field === 'terminal') return detail.terminal === null ? '' : t('audit.onTerminal', { name: detail.terminal });
  if (detail.kind === 'cardReaderSet' && field === 'path') return detail.path ?? t('audit.noReader');
  if (detail.kind === 'cardReaderTest' && field === 'outcome') {
    const o = detail.outcome;
    if (o === 'cardRead' || o === 'noCard') return t(`audit.${o}`);
    return (CARD_READER_FAULTS as readonly string[]).includes(o) ? t(`intake.card.fault.${o as CardReaderFault}`) : t(`intake.card.failure.${o as CardFailure}`);
  }
  if (detail.kind === 'patrolEnded' && field === 'awards') return list(detail.awards.map((a) => `${a.name} +${a.points}`));
  if (detail.kind === 'schoolPost' && field === 'period') return t(`prevention.school.periods.${detail.period}`);
  if (detail.kind === 'schoolPost' && field === 'absent') return flag(detail.absent, t('audit.absent'));
  if (detail.kind === 'shiftOpened' && field === 'source') return t(`audit.shiftSources.${detail.source}`);
  if (detail.kind === 'logEntryAdded' && field === 'type') return t(`office.types.${detail.type}`);
  if (detail.kind === 'assessmentItem' && field === 'side') return t(`office.assessment.sides.${detail.side}`);
  if (detail.kind === 'award' && field === 'title') return t(`office.awards.titles.${detail.title}`);
  if (detail.kind === 'award' && field === 'status') return t(`office.awards.statuses.${detail.status}`);
  if (detail.kind === 'pairingStarted' && field === 'mode') return t(`pairing.modes.${detail.mode}`);
  if (detail.kind === 'retentionPeriods' && field === 'periods') {
    return list(
      Object.entries(detail.periods).map(([k, days]) =>
        days === null || days === undefined ? t('audit.keptForever', { what: t(`retention.kinds.${k as RetentionKind}`) }) : t('audit.keptDays', { what: t(`retention.kinds.${k as RetentionKind}`), days }),
      ),
    );
  }
  if (detail.kind === 'retentionPurged' && field === 'counts') {
    return list(Object.entries(detail.counts).map(([k, n]) => t('audit.countOf', { what: t(`retention.kinds.${k as RetentionKind}`), n })));
  }
  if (detail.kind === 'caseOpened' && field === 'source') return t(`mediation.sources.${detail.source}`);
  if (detail.kind === 'mediatorsAssigned' && field === 'chosenByParties') return flag(detail.chosenByParties, t('audit.chosenByParties'));
  if (detail.kind === 'followUpDone' && field === 'performance') return detail.performance ? t(`mediation.performance.${detail.performance}`) : '—';
  if ((detail.kind === 'importPreview' || detail.kind === 'importCommit') && field === 'counts') {
    const c = detail.counts;
    return t('collection.import.counts', { rows: Object.values(c).reduce((a, n) => a + n, 0), new: c.new ?? 0, updated: c.updated ?? 0, unchanged: c.unchanged ?? 0, rejected: c.rejected ?? 0 });
  }
  if (detail.kind === 'rosterGenerated' && field === 'optimal') return t(detail.optimal ? 'audit.solutions.optimal' : 'audit.solutions.feasible');
  if (detail.kind === 'swapDecided' && field === 'decision') return t(`audit.swapDecisions.${detail.decision}`);
  if (detail.kind === 'recoveryKeyRefused' && field === 'reason') return t(`audit.recoveryRefusals.${detail.reason}`);
  if (detail.kind === 'syncSettings' && field === 'enabled') return t(detail.enabled ? 'audit.switches.on' : 'audit.switches.off');
  return null;
};

/**
 * An entry's detail in the reader's words: a kind the core wrote with its values, worded by the
 * catalog; the user's own words as they are; entries from before details had kinds, by their
 * plain-English form.
 */
export const detailText = (t: TFunction, detail: AuditDetail | string | null): string | null => {
  if (!detail) return null;
  if (typeof detail !== 'string') return wordDetail(detail, t('audit.details', { returnObjects: true }) as unknown as Record<AuditDetailKind, string>, valueWords(t));
  const failed = /^failed attempt (\d+)$/.exec(detail);
  if (failed) return t('audit.details.failedAttempt', { n: failed[1] });
  if (detail === 'locked out') return t('audit.details.lockedOut');
  if (detail === 'returning visitor lookup') return t('audit.details.returningMatch');
  if (detail === 'lookup without match') return t('audit.details.returningNoMatch');
  const byNumber = /^search by number: (\d+) found$/.exec(detail);
  if (byNumber) return t('audit.details.searchByNumber', { n: byNumber[1] });
  return detail;
};
