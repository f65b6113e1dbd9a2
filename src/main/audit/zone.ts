import { zone } from '../zone.js';
import { auditHandlers } from './handlers.js';

export const auditZone = zone({
  name: 'audit',
  handlers: auditHandlers,
  tables: [
    {
      name: 'audit_log',
      // the audit log never leaves the station
      sync: 'local',
      retention: {
        kind: 'audit',
        condition: (cut) => ({ sql: `t."at" < ?`, params: [cut.at] }),
        dateSql: `t."at"`,
        sampleColumns: `t."method", t."staffName"`,
        label: (r) => `${r.method} · ${r.staffName ?? ''}`,
        children: [],
      },
    },
  ],
});
