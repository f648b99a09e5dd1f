import { createHash } from 'node:crypto';
import { UserSchema } from '@ccp/db';
import { Injectable } from '@nestjs/common';
import { verifyPassword } from '../auth/password-hasher.js';
import { OPERATE_JOB_QUEUES } from '../auth/permissions.js';
import { Database } from '../database/database.js';

/** A proven operator: the person whose email and password opened the dashboard. */
export interface Operator {
  readonly id: string;
  readonly email: string;
}

/** Who a header proved; `retryAfter` (seconds) when the login limit refused to check it. */
export interface Authentication {
  readonly operator: Operator | undefined;
  readonly retryAfter?: number;
}

/** How long a checked `Authorization` header is trusted: the dashboard polls every few seconds, argon2 costs ~50 ms. */
const TRUSTED_FOR_MS = 60_000;
const MAX_TRUSTED = 1_000;

/**
 * HTTP Basic login to the job dashboard with a person's email and password (argon2, as
 * `POST /auth/login`), for people with the permission "Operate Job Queues". A wrong password, an
 * unknown email and a person without the permission are all refused the same way, so the dashboard
 * tells nobody which emails exist or who may operate.
 */
@Injectable()
export class OperatorAuthenticator {
  /** sha256 of a header that proved an operator → who, until when. Never the password itself. */
  private readonly trusted = new Map<string, { operator: Operator; until: number }>();

  constructor(private readonly database: Database) {}

  /**
   * The operator an `Authorization: Basic …` header proves, or undefined. A header not proven in the
   * last minute costs a password check, which `checking` is asked for first (the login limit): when it
   * answers a number of seconds, the check is refused for that long.
   */
  async authenticate(authorization: string | undefined, checking: () => Promise<number>): Promise<Authentication> {
    const credentials = parseBasic(authorization);
    if (!credentials) return { operator: undefined };
    const key = createHash('sha256')
      .update(authorization ?? '')
      .digest('base64url');
    const known = this.trusted.get(key);
    if (known && known.until > Date.now()) return { operator: known.operator };
    this.trusted.delete(key);

    const retryAfter = await checking();
    if (retryAfter > 0) return { operator: undefined, retryAfter };
    const user = await this.database.em().findOne(UserSchema, { email: credentials.email.trim().toLowerCase() });
    if (!(await verifyPassword(user?.passwordHash, credentials.password)) || !user) return { operator: undefined };
    if (!user.permissions.includes(OPERATE_JOB_QUEUES)) return { operator: undefined };
    const operator = { id: user.id, email: user.email };
    if (this.trusted.size >= MAX_TRUSTED) this.trusted.clear();
    this.trusted.set(key, { operator, until: Date.now() + TRUSTED_FOR_MS });
    return { operator };
  }
}

/** `Basic base64(email:password)` (RFC 7617): the password may hold `:`, the email may not. */
export function parseBasic(authorization: string | undefined): { email: string; password: string } | undefined {
  const encoded = /^Basic\s+([A-Za-z0-9+/]+=*)\s*$/i.exec(authorization ?? '')?.[1];
  if (!encoded) return undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return undefined;
  return { email: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
