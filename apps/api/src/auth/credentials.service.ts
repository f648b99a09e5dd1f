import { AccountSchema, ApiKeySchema, UserSchema } from '@ccp/db';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { Unauthenticated } from '../common/errors.js';
import { Database } from '../database/database.js';
import { ApiKeyCache } from './api-key-cache.js';
import { hashApiKey, isApiKey } from './api-key-secret.js';
import type { Principal } from './principal.js';

/** What a person's token carries: the user and the account it was issued for. */
export interface TokenClaims {
  readonly sub: string;
  readonly acc: string;
}

/** Turns an `Authorization` header into the principal it proves, or refuses it (401). */
@Injectable()
export class CredentialsService {
  constructor(
    private readonly database: Database,
    private readonly jwt: JwtService,
    private readonly apiKeys: ApiKeyCache,
  ) {}

  async authenticate(authorization: string | undefined): Promise<Principal> {
    const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
    if (!token) throw new Unauthenticated();
    return isApiKey(token) ? this.apiKey(token) : this.person(token);
  }

  issueToken(claims: TokenClaims): Promise<string> {
    return this.jwt.signAsync({ ...claims });
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
    let claims: TokenClaims;
    try {
      claims = await this.jwt.verifyAsync<TokenClaims>(token);
    } catch (error) {
      throw new Unauthenticated(
        (error as Error).name === 'TokenExpiredError' ? 'Your session expired: log in again' : 'This token is not valid',
      );
    }
    const em = this.database.em();
    const user = await em.findOne(UserSchema, { id: claims.sub, account: claims.acc });
    if (!user) throw new Unauthenticated('This token is not valid');
    const account = await em.findOneOrFail(AccountSchema, { id: claims.acc });
    return { kind: 'user', id: user.id, email: user.email, name: user.name, permissions: user.permissions, account };
  }
}
