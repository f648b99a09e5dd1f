import { createHash, randomUUID } from 'node:crypto';
import { AccountSchema, ApiKeySchema, UserSchema } from '@ccp/db';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { Unauthenticated } from '../common/errors.js';
import { Database } from '../database/database.js';
import { ApiKeyCache } from './api-key-cache.js';
import { hashApiKey, isApiKey } from './api-key-secret.js';
import type { Principal, Session } from './principal.js';
import { RevokedTokens } from './revoked-tokens.js';
import { TOKEN_LIFETIME_SECONDS } from './token-lifetime.js';

/** What a person's token carries: the user and the account it was issued for. */
export interface TokenClaims {
  readonly sub: string;
  readonly acc: string;
}

/** As verified: with the token's own id (absent from tokens issued before logout existed) and its expiry (seconds). */
interface VerifiedClaims extends TokenClaims {
  readonly jti?: string;
  readonly exp?: number;
}

/** Turns an `Authorization` header into the principal it proves, or refuses it (401). */
@Injectable()
export class CredentialsService {
  constructor(
    private readonly database: Database,
    private readonly jwt: JwtService,
    private readonly apiKeys: ApiKeyCache,
    private readonly revokedTokens: RevokedTokens,
  ) {}

  async authenticate(authorization: string | undefined): Promise<Principal> {
    const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
    if (!token) throw new Unauthenticated();
    return isApiKey(token) ? this.apiKey(token) : this.person(token);
  }

  /** A new session: the token's id (`jti`) tells two logins of one person apart, so that logging out ends one only. */
  issueToken(claims: TokenClaims): Promise<string> {
    return this.jwt.signAsync({ ...claims, jti: randomUUID() });
  }

  private apiKey(token: string): Promise<Principal> {
    const secretHash = hashApiKey(token);
    return this.apiKeys.principal(secretHash, async () => {
      const key = await this.database.em().findOne(ApiKeySchema, { secretHash }, { populate: ['account'] });
      if (!key) throw new Unauthenticated('This API key is not valid');
      if (key.revokedAt) throw new Unauthenticated('This API key was revoked');
      return { kind: 'api-key', id: key.id, name: key.name, account: key.account };
    });
  }

  private async person(token: string): Promise<Principal> {
    let claims: VerifiedClaims;
    try {
      claims = await this.jwt.verifyAsync<VerifiedClaims>(token);
    } catch (error) {
      throw new Unauthenticated(
        (error as Error).name === 'TokenExpiredError' ? 'Your session expired: log in again' : 'This token is not valid',
      );
    }
    const session = sessionOf(token, claims);
    // Asked of Redis while the database reads the user: a logout costs a person request no extra wait.
    const [revoked, found] = await Promise.all([this.revokedTokens.isRevoked(session.id), this.user(claims)]);
    if (revoked) throw new Unauthenticated('This session was ended (logged out): log in again');
    if (!found) throw new Unauthenticated('This token is not valid');
    const { user, account } = found;
    return { kind: 'user', id: user.id, email: user.email, name: user.name, permissions: user.permissions, account, session };
  }

  private async user(claims: TokenClaims) {
    const em = this.database.em();
    const user = await em.findOne(UserSchema, { id: claims.sub, account: claims.acc });
    if (!user) return null;
    return { user, account: await em.findOneOrFail(AccountSchema, { id: claims.acc }) };
  }
}

/**
 * The session a verified token stands for. A token issued before tokens had an id is named by its own
 * hash (one such token is one login: its logout ends only it), until it expires.
 */
function sessionOf(token: string, claims: VerifiedClaims): Session {
  return {
    id: claims.jti ?? createHash('sha256').update(token).digest('base64url'),
    expiresAt: (claims.exp ?? Math.floor(Date.now() / 1000) + TOKEN_LIFETIME_SECONDS) * 1000,
  };
}
