import { AccountSchema, UserSchema } from '@ccp/db';
import { Injectable } from '@nestjs/common';
import { Unauthenticated } from '../common/errors.js';
import { Database } from '../database/database.js';
import { CredentialsService } from './credentials.service.js';
import type { LoginResponseDto, MeDto } from './dto/me.dto.js';
import { verifyPassword } from './password-hasher.js';
import { EDIT_RECORDING_SETTINGS, VIEW_CALL_HISTORY } from './permissions.js';
import type { Person } from './principal.js';
import { RevokedTokens } from './revoked-tokens.js';
import { TOKEN_LIFETIME_SECONDS } from './token-lifetime.js';

@Injectable()
export class AuthService {
  constructor(
    private readonly database: Database,
    private readonly credentials: CredentialsService,
    private readonly revokedTokens: RevokedTokens,
  ) {}

  async login(email: string, password: string): Promise<LoginResponseDto> {
    const em = this.database.em();
    const user = await em.findOne(UserSchema, { email: email.trim().toLowerCase() });
    if (!(await verifyPassword(user?.passwordHash, password)) || !user) throw new Unauthenticated('Wrong email or password');
    const account = await em.findOneOrFail(AccountSchema, { id: user.account.id });
    const token = await this.credentials.issueToken({ sub: user.id, acc: account.id });
    const me = this.me({ kind: 'user', id: user.id, email: user.email, name: user.name, permissions: user.permissions, account });
    return { token, expiresIn: TOKEN_LIFETIME_SECONDS, me };
  }

  /** Ends the person's token at once, on every replica: refused (401) from now on; their other logins go on. */
  logout(person: Person): Promise<void> {
    return this.revokedTokens.revoke(person.session.id, person.session.expiresAt);
  }

  me(principal: Omit<Person, 'session'>): MeDto {
    const { account } = principal;
    return {
      user: { id: principal.id, email: principal.email, name: principal.name, permissions: [...principal.permissions] },
      account: {
        id: account.id,
        slug: account.slug,
        name: account.name,
        features: { contactCenterPro: account.contactCenterPro, enterpriseHubNetwork: account.enterpriseHubNetwork },
      },
      canEditRecordingSettings:
        account.contactCenterPro && account.enterpriseHubNetwork && principal.permissions.includes(EDIT_RECORDING_SETTINGS),
      canViewCallHistory: account.contactCenterPro && account.enterpriseHubNetwork && principal.permissions.includes(VIEW_CALL_HISTORY),
    };
  }
}
