import { auditMethods } from './audit/contract.js';
import { authMethods } from './auth/contract.js';
import { backupMethods } from './backup/contract.js';
import { collectionMethods } from './collection/contract.js';
import { cardReaderMethods } from './intake/cardReader.js';
import { intakeMethods } from './intake/contract.js';
import { hallMethods } from './intake/hall.js';
import { mediationMethods } from './mediation/contract.js';
import { officeAssessmentMethods } from './office/assessment.js';
import { officeMethods } from './office/contract.js';
import { officeNoticeMethods } from './office/notices.js';
import { officeTaskMethods } from './office/tasks.js';
import { patrolMethods } from './patrol/contract.js';
import { pairingMethods } from './pairing/contract.js';
import { retentionMethods } from './retention/contract.js';
import { rosterMethods } from './roster/contract.js';
import type { MethodDef } from './method.js';
import { preventionMethods } from './patrol/prevention.contract.js';
import { staffMethods } from './staff/contract.js';
import { stationMethods } from './station/contract.js';
import { syncMethods } from './sync/contract.js';

/** Every method the core answers, by name. The role table in docs/security.md is generated from this. */
export const METHODS: readonly MethodDef[] = [
  ...stationMethods,
  ...authMethods,
  ...staffMethods,
  ...intakeMethods,
  ...cardReaderMethods,
  ...hallMethods,
  ...mediationMethods,
  ...collectionMethods,
  ...rosterMethods,
  ...officeMethods,
  ...officeTaskMethods,
  ...officeNoticeMethods,
  ...officeAssessmentMethods,
  ...patrolMethods,
  ...preventionMethods,
  ...auditMethods,
  ...syncMethods,
  ...backupMethods,
  ...retentionMethods,
  ...pairingMethods,
];

export const METHODS_BY_NAME: ReadonlyMap<string, MethodDef> = new Map(METHODS.map((m) => [m.name, m]));
