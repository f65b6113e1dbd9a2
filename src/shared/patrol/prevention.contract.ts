/**
 * Prevention in the patrol zone: property guards' night rounds checked by the station (物业巡逻),
 * school guard posts (护学岗), and the video channels integrated into the station (视频通道).
 *
 * Access. Those who stand duty (head, officer, auxiliary) read everything here and record what
 * they do on the street: night checks, post attendance, camera check rounds. The registers —
 * properties and their guards, schools and terms, cameras — are kept by the head and officers, who
 * also unmask a guard's phone (audited). Grid workers and mediators have no part in it.
 *
 * Every change of a record carries the `version` it was based on; a stale one is refused with
 * CONFLICT `staleVersion`. Error keys live under `prevention.` (the zone's own catalog).
 */
export { instant, month } from './prevention.common.js';
export { NIGHT_CHECK_RULE, scoreNightCheck, patrolPropertiesList, propertyInput, patrolPropertySave, patrolPropertyCancel, patrolGuardSave, patrolGuardCancel, patrolGuardReveal, patrolCompounds, nightCheckInput, patrolNightCheckAdd, patrolNightCheckCancel, patrolNightChecks, patrolMonthlyScores, patrolFeedbackSheet } from './prevention.properties.js';
export type { GuardView, PropertyView, NightCheckFacts, Deduction, NightCheckView, MonthlyScore, FeedbackSheet, CompoundOption } from './prevention.properties.js';
export { PERIODS, schoolInput, patrolSchoolsList, patrolSchoolSave, patrolSchoolCancel, patrolTermsList, MAX_TERM_DAYS, patrolTermSave, patrolSchoolPosts, patrolTermView, attendanceInput, patrolAttendanceAdd, patrolAttendanceCancel } from './prevention.schools.js';
export type { Period, SchoolView, TermView, AttendanceView, PostState, PostView, PostDay, TermReport } from './prevention.schools.js';
export { CAMERA_STATUSES, patrolCamerasList, patrolCameraAdd, patrolCameraUpdate, patrolCameraRetire, cameraRoundInput, patrolCameraRound, patrolCameraRounds } from './prevention.cameras.js';
export type { CameraStatus, CameraView, CameraRoundView } from './prevention.cameras.js';
import { patrolCompounds, patrolFeedbackSheet, patrolGuardCancel, patrolGuardReveal, patrolGuardSave, patrolMonthlyScores, patrolNightCheckAdd, patrolNightCheckCancel, patrolNightChecks, patrolPropertiesList, patrolPropertyCancel, patrolPropertySave } from './prevention.properties.js';
import { patrolAttendanceAdd, patrolAttendanceCancel, patrolSchoolCancel, patrolSchoolPosts, patrolSchoolSave, patrolSchoolsList, patrolTermSave, patrolTermView, patrolTermsList } from './prevention.schools.js';
import { patrolCameraAdd, patrolCameraRetire, patrolCameraRound, patrolCameraRounds, patrolCameraUpdate, patrolCamerasList } from './prevention.cameras.js';

export const preventionMethods = [
  patrolPropertiesList,
  patrolPropertySave,
  patrolPropertyCancel,
  patrolGuardSave,
  patrolGuardCancel,
  patrolGuardReveal,
  patrolCompounds,
  patrolNightCheckAdd,
  patrolNightCheckCancel,
  patrolNightChecks,
  patrolMonthlyScores,
  patrolFeedbackSheet,
  patrolSchoolsList,
  patrolSchoolSave,
  patrolSchoolCancel,
  patrolTermsList,
  patrolTermSave,
  patrolSchoolPosts,
  patrolTermView,
  patrolAttendanceAdd,
  patrolAttendanceCancel,
  patrolCamerasList,
  patrolCameraAdd,
  patrolCameraUpdate,
  patrolCameraRetire,
  patrolCameraRound,
  patrolCameraRounds,
] as const;
