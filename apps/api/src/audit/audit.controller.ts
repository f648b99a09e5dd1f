import { AuditEntrySchema } from '@ccp/db';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import type { Principal } from '../auth/principal.js';
import { ApiProblems } from '../common/api-problems.decorator.js';
import { Database } from '../database/database.js';
import { type AuditEntryDto, AuditPageDto, AuditQueryDto } from './dto/audit-page.dto.js';

@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(private readonly database: Database) {}

  @Get()
  @ApiOperation({ operationId: 'listAuditEntries', summary: 'ACC-4: the audit log of the account, newest first' })
  @ApiOkResponse({ type: AuditPageDto })
  @ApiProblems([422, '`errors` names `cursor`, `limit` or `action`'])
  async list(@CurrentPrincipal() principal: Principal, @Query() query: AuditQueryDto): Promise<AuditPageDto> {
    const limit = query.limit ?? 50;
    const where = {
      account: principal.account.id,
      ...(query.cursor ? { id: { $lt: Number(query.cursor) } } : {}),
      ...(query.action ? { action: { $like: `${query.action.replace(/[\\%_]/g, (c) => `\\${c}`)}%` } } : {}),
    };
    const rows = await this.database.em().find(AuditEntrySchema, where, { orderBy: { id: 'desc' }, limit: limit + 1 });
    const items = rows.slice(0, limit).map(
      (row): AuditEntryDto => ({
        id: row.id,
        at: row.at.toISOString(),
        actorId: row.actorId,
        actorName: row.actorName,
        action: row.action,
        target: row.target ?? null,
        before: row.before ?? null,
        after: row.after ?? null,
      }),
    );
    return { items, nextCursor: rows.length > limit ? String(items[items.length - 1]?.id) : null };
  }
}
