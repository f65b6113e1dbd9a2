/**
 * The message keys the intake zone can answer with (under `errors.` in the catalogs). A raiser
 * accepts only declared keys; the catalogs word each of them in both languages.
 */
export const INTAKE_ERROR_KEYS = [
  'intake.notFound',
  'intake.statusTransition',
  'intake.alreadyFinished',
  'intake.sameRoute',
  'intake.undoLate',
  'intake.undoNotYours',
  'intake.undoBecameCase',
  'intake.undoReferralTaken',
  'intake.undoReferralCalled',
  'intake.wholeIdNumber',
  'intake.wholePhone',
  'intake.queueEmpty',
  'intake.notWaiting',
  'intake.notCalled',
  'intake.notSkipped',
  'intake.notRatable',
  'intake.alreadyRated',
  'intake.ratingReasons',
  'intake.ratingNoReasons',
] as const;
export type IntakeErrorKey = (typeof INTAKE_ERROR_KEYS)[number];
