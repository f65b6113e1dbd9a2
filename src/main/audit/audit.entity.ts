import { EntitySchema } from 'typeorm';

export interface AuditRow {
  id: string;
  at: string;
  staffId: string | null;
  staffName: string | null;
  method: string;
  recordId: string | null;
  detail: string | null;
}

export const AuditEntity = new EntitySchema<AuditRow>({
  name: 'audit_log',
  columns: {
    id: { type: 'text', primary: true },
    at: { type: 'text' },
    staffId: { type: 'text', nullable: true },
    staffName: { type: 'text', nullable: true },
    method: { type: 'text' },
    recordId: { type: 'text', nullable: true },
    detail: { type: 'text', nullable: true },
  },
});
