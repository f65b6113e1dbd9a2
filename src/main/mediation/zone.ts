import { zone, synced, type Condition, type Cutoffs } from '../zone.js';
import { transferredCasesReadOnly } from '../sync/transfer.js';
import { FILES_FOLDER } from './files.service.js';
import { mediationHandlers } from './handlers.js';

const CLOSED_CASE = `t."status" IN ('archived', 'declined', 'cancelled')`;
const CASE_CLOSED_AT = `COALESCE(t."archivedAt", t."cancelledAt", t."decidedAt", t."updatedAt")`;

/** Cases closed before the cutoff: the front desk's retention keeps a walk-in whose case stays. */
export const closedCaseCondition = (cut: Cutoffs): Condition => ({ sql: `${CLOSED_CASE} AND ${CASE_CLOSED_AT} < ?`, params: [cut.at] });
const CASE_TABLES = ['mediation_party', 'mediation_assignment', 'mediation_session', 'mediation_agreement', 'mediation_follow_up', 'mediation_file'];

export const mediationZone = zone({
  name: 'mediation',
  // a case HQ moved to another station is read-only here: sync's guard wraps the zone's writes
  handlers: transferredCasesReadOnly(mediationHandlers),
  tables: [
    {
      name: 'mediation_case',
      sync: 'outbox',
      retention: {
        kind: 'mediationCases',
        condition: closedCaseCondition,
        dateSql: CASE_CLOSED_AT,
        sampleColumns: `t."caseNo", t."type", t."status"`,
        label: (r) => `${r.caseNo} · ${r.status}`,
        children: CASE_TABLES.map((table) => ({ table, column: 'caseId' })),
      },
    },
    ...synced(...CASE_TABLES, 'mediation_settings', 'mediator'),
  ],
  fileFolders: [FILES_FOLDER],
});
