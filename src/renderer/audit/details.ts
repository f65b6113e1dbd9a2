import type { TFunction } from 'i18next';
import type { AuditDetail, AuditDetailKind } from '../../shared/audit/details.js';
import { wordDetail, type ValueWords } from '../../shared/audit/words.js';

/** A detail's coded values in the reader's words: a walk-in's status, a zone, a visit's status, a side of the handover, an import's counts. */
const valueWords = (t: TFunction): ValueWords => (detail, field) => {
  if (detail.kind === 'walkInStatus' && field === 'status') return t(`intake.statuses.${detail.status}`);
  if (detail.kind === 'walkInReferred' && field === 'route') return t(`intake.routes.${detail.route}`);
  if (detail.kind === 'appointmentStatus' && field === 'status') return t(`collection.appointmentStatuses.${detail.status}`);
  if ((detail.kind === 'handoverSigned' || detail.kind === 'handoverRefused') && field === 'side') return t(`audit.sides.${detail.side}`);
  if (detail.kind === 'passwordRefused' && field === 'action') return t(`audit.actions.${detail.action}`);
  if ((detail.kind === 'caseStep' || detail.kind === 'caseStepWithReason') && field === 'step') return t(`audit.caseSteps.${detail.step}`);
  if (detail.kind === 'agreementDocument' && field === 'unmasked') return t(detail.unmasked ? 'audit.identities.full' : 'audit.identities.masked');
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
