import { maskIdNumber } from '../../shared/checks/idNumber.js';
import { closedCaseCondition } from '../mediation/zone.js';
import { onAlias, zone } from '../zone.js';
import { cardReaderHandlers } from './cardReader/handlers.js';
import { intakeHandlers } from './handlers.js';
import { hallHandlers } from './hall/handlers.js';

const FINISHED_WALK_IN = `(t."status" IN ('done', 'referred', 'left') OR t."cancelledAt" IS NOT NULL)`;

export const intakeZone = zone({
  name: 'intake',
  // the ID card reader on the front desk belongs to the desk's registration
  handlers: [...intakeHandlers, ...cardReaderHandlers, ...hallHandlers],
  tables: [
    {
      name: 'walk_in',
      sync: 'outbox',
      retention: {
        kind: 'walkIns',
        condition: (cut, all) => {
          const basic = `${FINISHED_WALK_IN} AND t."arrivedAt" < ?`;
          // a case that stays keeps its walk-in; so does the other half of a referral that stays
          const cases = all.mediationCases ? closedCaseCondition(all.mediationCases) : { sql: '0', params: [] };
          return {
            sql:
              `${basic}` +
              ` AND NOT EXISTS (SELECT 1 FROM "mediation_case" m WHERE m."walkInId" = t."id" AND NOT (${onAlias('m', cases.sql)}))` +
              ` AND NOT EXISTS (SELECT 1 FROM "walk_in" x WHERE (x."referredFromId" = t."id" OR x."referredToId" = t."id") AND NOT (${onAlias('x', basic)}))`,
            params: [cut.at, ...cases.params, cut.at],
          };
        },
        dateSql: `t."arrivedAt"`,
        sampleColumns: `t."queueNo", t."visitorName", t."idNumber"`,
        label: (r) => [r.queueNo, r.visitorName, maskIdNumber(r.idNumber as string | null)].filter(Boolean).join(' · '),
        // the calls made to it and its rating go with it
        children: [
          { table: 'hall_call', column: 'walkInId' },
          { table: 'walk_in_rating', column: 'walkInId' },
        ],
      },
    },
    { name: 'hall_call', sync: 'local' },
    { name: 'walk_in_rating', sync: 'outbox' },
  ],
});
