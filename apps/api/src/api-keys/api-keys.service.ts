import { randomUUID } from 'node:crypto';
import { type ApiKey, ApiKeySchema } from '@ccp/db';
import { Injectable, Logger } from '@nestjs/common';
import { AuditWriter } from '../audit/audit.writer.js';
import { ApiKeyCache } from '../auth/api-key-cache.js';
import { newApiKey } from '../auth/api-key-secret.js';
import { actorOf, type Principal } from '../auth/principal.js';
import { NotFound } from '../common/errors.js';
import { Database } from '../database/database.js';
import type { ApiKeyDto, CreatedApiKeyDto } from './dto/api-key.dto.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class ApiKeysService {
  private readonly logger = new Logger(ApiKeysService.name);

  constructor(
    private readonly database: Database,
    private readonly audit: AuditWriter,
    private readonly keyCache: ApiKeyCache,
  ) {}

  /** A new key for the account; the key is answered once, only its hash is stored. Audited (ACC-4), never with the key. */
  async create(principal: Principal, name: string): Promise<CreatedApiKeyDto> {
    const { key, prefix, secretHash } = newApiKey();
    const row = await this.database.transaction(async (em) => {
      const created = em.create(ApiKeySchema, {
        id: randomUUID(),
        account: principal.account.id,
        name,
        prefix,
        secretHash,
        createdBy: actorOf(principal).actorName,
        createdAt: new Date(),
        revokedAt: null,
      });
      this.audit.record(em, principal, { action: 'api-key.created', target: created.id, after: { name, prefix } });
      await em.flush();
      return created;
    });
    return { id: row.id, name: row.name, prefix: row.prefix, key, createdAt: row.createdAt.toISOString() };
  }

  /** Every key of the account, revoked ones included, newest first; no secrets. */
  async list(principal: Principal): Promise<ApiKeyDto[]> {
    const rows = await this.database
      .em()
      .find(ApiKeySchema, { account: principal.account.id }, { orderBy: { createdAt: 'desc', id: 'asc' } });
    return rows.map(toDto);
  }

  /**
   * Revokes a key: the next request with it is 401, on every replica (the auth cache forgets it and
   * announces it). Revoking a revoked key changes nothing and answers the same (and announces it
   * again). Another account's key is 404 (ACC-3).
   */
  async revoke(principal: Principal, id: string): Promise<void> {
    if (!UUID.test(id)) throw notFound();
    const secretHash = await this.database.transaction(async (em) => {
      const row = await em.findOne(ApiKeySchema, { id, account: principal.account.id });
      if (!row) throw notFound();
      if (row.revokedAt) return row.secretHash;
      row.revokedAt = new Date();
      this.audit.record(em, principal, {
        action: 'api-key.revoked',
        target: row.id,
        before: { name: row.name, prefix: row.prefix, revokedAt: null },
        after: { name: row.name, prefix: row.prefix, revokedAt: row.revokedAt.toISOString() },
      });
      await em.flush();
      return row.secretHash;
    });
    await this.keyCache.revoked(secretHash).catch((error: Error) => {
      // Committed and forgotten here; other replicas drop their whole cache when Redis is back, and trust a key 10 s at most.
      this.logger.warn(`API key ${id} revoked, but the revocation could not be announced to other replicas: ${error.message}`);
    });
  }
}

function notFound(): NotFound {
  return new NotFound('No such API key in this account');
}

function toDto(row: ApiKey): ApiKeyDto {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    revokedAt: row.revokedAt ? row.revokedAt.toISOString() : null,
  };
}
