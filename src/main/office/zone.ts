import { synced, zone } from '../zone.js';
import { officeHandlers } from './handlers.js';
import { TASK_FILES_FOLDER } from './tasks.service.js';

export const officeZone = zone({
  name: 'office',
  handlers: officeHandlers,
  tables: [
    {
      name: 'office_shift',
      sync: 'outbox',
      retention: {
        kind: 'dutyLogs',
        // a shift with an item still open (carried over) stays until it is closed
        condition: (cut) => ({
          sql: `t."status" = 'handedOver' AND t."endsAt" < ? AND NOT EXISTS (SELECT 1 FROM "office_log_entry" e WHERE e."shiftId" = t."id" AND e."state" = 'open')`,
          params: [cut.at],
        }),
        dateSql: `t."endsAt"`,
        sampleColumns: `t."dutyDate", t."name"`,
        label: (r) => `${r.dutyDate} ${r.name}`,
        children: [
          { table: 'office_log_entry', column: 'shiftId' },
          { table: 'office_handover', column: 'shiftId' },
        ],
      },
    },
    ...synced(
      'office_log_entry',
      'office_handover',
      'office_task',
      'office_task_photo',
      'office_task_standard',
      'office_notice_template',
      'office_notice_print',
      'office_assessment_item',
      'office_assessment_rule',
      'office_award',
      'office_equipment',
    ),
  ],
  fileFolders: [TASK_FILES_FOLDER],
});
