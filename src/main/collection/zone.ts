import { maskIdNumber } from '../../shared/checks/idNumber.js';
import { onAlias, synced, zone, type Condition, type Cutoffs } from '../zone.js';
import { collectionHandlers } from './handlers.js';

const departedCondition = (cut: Cutoffs): Condition => ({
  sql: `((t."movedOutOn" IS NOT NULL AND t."movedOutOn" < ?) OR (t."cancelledAt" IS NOT NULL AND t."cancelledAt" < ?))`,
  params: [cut.date, cut.at],
});

export const collectionZone = zone({
  name: 'collection',
  handlers: collectionHandlers,
  tables: [
    {
      name: 'resident',
      sync: 'outbox',
      retention: {
        kind: 'departedResidents',
        condition: (cut) => {
          const basic = departedCondition(cut);
          // a household head stays while anyone who stays names them
          return {
            sql: `${basic.sql} AND NOT EXISTS (SELECT 1 FROM "resident" h WHERE h."householdHeadId" = t."id" AND NOT (${onAlias('h', basic.sql)}))`,
            params: [...basic.params, ...basic.params],
          };
        },
        dateSql: `COALESCE(t."movedOutOn", t."cancelledAt")`,
        sampleColumns: `t."name", t."idNumber"`,
        label: (r) => [r.name, maskIdNumber(r.idNumber as string | null)].filter(Boolean).join(' · '),
        children: [{ table: 'resident_change', column: 'residentId' }],
      },
    },
    {
      name: 'collection_appointment',
      sync: 'outbox',
      retention: {
        kind: 'appointments',
        condition: (cut) => ({ sql: `t."status" IN ('done', 'missed', 'cancelled') AND t."endAt" < ?`, params: [cut.at] }),
        dateSql: `t."endAt"`,
        sampleColumns: `t."localDate", t."status"`,
        label: (r) => `${r.localDate} · ${r.status}`,
        children: [],
      },
    },
    ...synced('resident_change', 'address_node', 'house', 'collection_unit', 'collection_import_mapping'),
  ],
});
