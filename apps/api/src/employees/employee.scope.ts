import { type Employee, EmployeeSchema } from '@ccp/db';
import { displayNumber, effectiveIndividualSetting, type IndividualSetting, normalizeNanpNumber } from '@ccp/policy-core';
import type { SqlEntityManager } from '@mikro-orm/sql';
import type { Principal } from '../auth/principal.js';
import { Conflict, ValidationFailed } from '../common/errors.js';
import type { Scope } from '../scoped-settings/scope.js';
import type { CreateEmployeeDto, EmployeeDto } from './dto/employee.dto.js';

/**
 * Employees, their direct lines and recording settings: custom inbound and outbound settings, or the
 * individual defaults (IND-1, IND-2), reset to them and listed for the defaults screen (IND-4).
 */
export const EMPLOYEE_SCOPE: Scope<Employee, IndividualSetting, EmployeeDto, CreateEmployeeDto> = {
  entity: EmployeeSchema,
  noun: 'Employee',
  action: 'employee',
  customFilter: (custom) => (custom ? { inboundMode: { $ne: null } } : { inboundMode: null }),
  // IND-1, IND-2: the account's individual defaults now.
  defaultOf: (settings) => ({
    inbound: { mode: settings.inboundMode, announcement: settings.inboundAnnouncement },
    outbound: { mode: settings.outboundMode, announcement: settings.outboundAnnouncement },
  }),
  customOf,
  customColumns: (custom) => ({
    inboundMode: custom?.inbound.mode ?? null,
    inboundAnnouncement: custom?.inbound.announcement ?? null,
    outboundMode: custom?.outbound.mode ?? null,
    outboundAnnouncement: custom?.outbound.announcement ?? null,
  }),
  snapshotOf: (row) => ({ id: row.key, name: row.name, directLine: row.directLine, custom: customOf(row) }),
  toDto(row, individualDefault) {
    const custom = customOf(row);
    return {
      id: row.key,
      name: row.name,
      directLine: row.directLine,
      directLineDisplay: displayNumber(row.directLine),
      custom,
      effective: effectiveIndividualSetting(custom, individualDefault),
      followsDefault: custom === null,
      revision: row.revision,
    };
  },
  draft(principal: Principal, body: CreateEmployeeDto) {
    const line = normalizeNanpNumber(body.directLine);
    if (!line.ok) throw new ValidationFailed([{ path: 'directLine', message: line.reason }]);
    const directLine = line.value;
    const checkUnique = (em: SqlEntityManager) => checkIdAndLineFree(em, principal, body.id, directLine);
    return {
      key: body.id,
      columns: { name: body.name, directLine },
      checkUnique,
      // Say which of the two was taken; the insert's own error when neither is now (it was something else).
      async taken(em, error) {
        await checkUnique(em);
        throw error;
      },
    };
  },
};

/** 409 when the id, or the direct line, is taken in this account (another account may use both). */
async function checkIdAndLineFree(em: SqlEntityManager, principal: Principal, id: string, directLine: string): Promise<void> {
  if ((await em.count(EmployeeSchema, { account: principal.account.id, key: id })) > 0) {
    throw new Conflict(`Employee "${id}" exists already in this account`);
  }
  const holder = await em.findOne(EmployeeSchema, { account: principal.account.id, directLine }, { fields: ['key'] });
  if (holder) throw new Conflict(`${displayNumber(directLine)} is already the direct line of employee "${holder.key}"`);
}

/** Custom settings are all four columns or none (IND-4), as policy-settings.ts reads them. */
function customOf(row: Employee): IndividualSetting | null {
  const { inboundMode, inboundAnnouncement, outboundMode, outboundAnnouncement } = row;
  return inboundMode && inboundAnnouncement && outboundMode && outboundAnnouncement
    ? {
        inbound: { mode: inboundMode, announcement: inboundAnnouncement },
        outbound: { mode: outboundMode, announcement: outboundAnnouncement },
      }
    : null;
}
