import { ANNOUNCEMENTS, MODES } from '@ccp/policy-core';
import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { AccountSchema } from './account.entity.js';

/** An employee with a direct line (E.164). Custom settings are all four set or all null (IND-4). */
export const EmployeeSchema = defineEntity({
  name: 'Employee',
  tableName: 'employees',
  uniques: [{ properties: ['account', 'key'] }, { properties: ['account', 'directLine'] }],
  properties: {
    id: p.uuid().primary(),
    account: () => p.manyToOne(AccountSchema).deleteRule('cascade'),
    key: p.string().length(100),
    name: p.string(),
    directLine: p.string().length(16),
    inboundMode: p.enum(MODES).nullable(),
    inboundAnnouncement: p.enum(ANNOUNCEMENTS).nullable(),
    outboundMode: p.enum(MODES).nullable(),
    outboundAnnouncement: p.enum(ANNOUNCEMENTS).nullable(),
    revision: p.integer().version(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type Employee = InferEntity<typeof EmployeeSchema>;
