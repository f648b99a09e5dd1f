import { AccountSchema, UserSchema } from '@ccp/db';
import { JwtService } from '@nestjs/jwt';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiTestbed } from '../../test/testbed.js';
import { Database } from '../database/database.js';

describe("a person's token", () => {
  const bed = apiTestbed('sqlite', { demo: true });
  let claims: { sub: string; acc: string };
  beforeAll(async () => {
    const em = bed.app.get(Database).em();
    const account = await em.findOneOrFail(AccountSchema, { slug: 'demo' });
    const user = await em.findOneOrFail(UserSchema, { email: 'admin@demo.test' });
    claims = { sub: user.id, acc: account.id };
  });

  const settingsWith = (token: string) =>
    bed.app.inject({ method: 'GET', url: '/api/v1/recording-settings', headers: { authorization: `Bearer ${token}` } });

  it('works until it expires, then is refused with 401 and a reason the console can show', async () => {
    const jwt = bed.app.get(JwtService);
    expect((await settingsWith(await jwt.signAsync(claims, { expiresIn: 60 }))).statusCode).toBe(200);

    const expired = await settingsWith(await jwt.signAsync(claims, { expiresIn: -1 }));
    expect(expired.statusCode).toBe(401);
    expect(expired.json()).toMatchObject({ detail: 'Your session expired: log in again' });
  });

  it('signed with another secret, or for another account, is refused', async () => {
    const forged = new JwtService({ secret: 'another-secret-that-is-long-enough-0123456789', signOptions: { algorithm: 'HS256' } });
    expect((await settingsWith(await forged.signAsync(claims))).statusCode).toBe(401);
    const jwt = bed.app.get(JwtService);
    const otherAccount = await settingsWith(await jwt.signAsync({ ...claims, acc: '00000000-0000-4000-8000-000000000000' }));
    expect(otherAccount.statusCode).toBe(401);
  });
});
