import { TEST_DRIVERS } from '@ccp/db/testing';
import { describe, expect, it } from 'vitest';
import { apiTestbed } from '../../test/testbed.js';

const KEYS = '/api/v1/api-keys';

describe.each(TEST_DRIVERS)('API keys on %s', (driver) => {
  const bed = apiTestbed(driver, { demo: true });

  const create = (name: unknown, authorization = bed.admin) =>
    bed.app.inject({ method: 'POST', url: KEYS, payload: { name }, headers: { authorization } });
  const list = (authorization = bed.admin) => bed.app.inject({ method: 'GET', url: KEYS, headers: { authorization } });
  const revoke = (id: string, authorization = bed.admin) =>
    bed.app.inject({ method: 'DELETE', url: `${KEYS}/${id}`, headers: { authorization } });
  /** A route API keys may call, whose answer says whether the key still works. */
  const useKey = (key: string) =>
    bed.app.inject({ method: 'GET', url: '/api/v1/calls/no-such-call', headers: { authorization: `Bearer ${key}` } });

  it('POST shows the key once (201), stores only its hash; the list never shows it', async () => {
    const res = await create('  Telephony (production)  ');
    expect(res.statusCode).toBe(201);
    const created = res.json();
    expect(created).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: 'Telephony (production)',
      prefix: created.key.slice(0, 10),
      key: expect.stringMatching(/^ak_[A-Za-z0-9_-]{43}$/),
      createdAt: expect.any(String),
    });
    expect(Date.now() - Date.parse(created.createdAt)).toBeLessThan(60_000);

    const listed = await list();
    expect(listed.statusCode).toBe(200);
    expect(listed.json()).toEqual([
      {
        id: created.id,
        name: 'Telephony (production)',
        prefix: created.prefix,
        createdBy: 'admin@demo.test',
        createdAt: created.createdAt,
        revokedAt: null,
      },
    ]);
    expect(listed.body).not.toContain(created.key);
    // The key works: a call the account does not have is a 404, not a 401.
    expect((await useKey(created.key)).statusCode).toBe(404);
  });

  it('a name is required, 1 to 100 characters (422 naming the field)', async () => {
    for (const name of [undefined, '   ', 'x'.repeat(101), 42]) {
      const res = await create(name);
      expect(res.statusCode, JSON.stringify(name)).toBe(422);
      expect(res.json().errors.map((e: { path: string }) => e.path)).toContain('name');
    }
    const extra = await bed.request('POST', KEYS, { payload: { name: 'x', scope: 'all' } });
    expect(extra.statusCode).toBe(422);
    expect(extra.json().errors).toEqual([{ path: 'scope', message: 'property scope should not exist' }]);
  });

  it('an API key may call /calls and /simulate only: 403 api-key-not-allowed on settings and on the keys themselves', async () => {
    const key = (await create('integration')).json().key;
    const authorization = `Bearer ${key}`;
    for (const [method, url] of [
      ['GET', '/api/v1/recording-settings'],
      ['GET', KEYS],
      ['POST', KEYS],
      ['GET', '/api/v1/audit'],
    ] as const) {
      const res = await bed.app.inject({
        method,
        url,
        headers: { authorization },
        ...(method === 'POST' ? { payload: { name: 'mine' } } : {}),
      });
      expect(res.statusCode, `${method} ${url}`).toBe(403);
      expect(res.json().type).toBe('https://ccp.example/problems/api-key-not-allowed');
    }
  });

  it('DELETE revokes (204): the next request with the key is 401 at once; the list shows when; audited without the key', async () => {
    const created = (await create('to revoke')).json();
    expect((await useKey(created.key)).statusCode).toBe(404);

    const res = await revoke(created.id);
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
    const refused = await useKey(created.key);
    expect(refused.statusCode).toBe(401);
    expect(refused.json().detail).toBe('This API key was revoked');
    const entry = (await list()).json().find((k: { id: string }) => k.id === created.id);
    expect(Date.now() - Date.parse(entry.revokedAt)).toBeLessThan(60_000);

    // Revoking again changes nothing and answers the same.
    expect((await revoke(created.id)).statusCode).toBe(204);
    expect((await list()).json().find((k: { id: string }) => k.id === created.id).revokedAt).toBe(entry.revokedAt);

    const audit = await bed.app.inject({ method: 'GET', url: '/api/v1/audit?action=api-key.', headers: { authorization: bed.admin } });
    const items = audit.json().items.filter((i: { target: string }) => i.target === created.id);
    expect(items.map((i: { action: string }) => i.action)).toEqual(['api-key.revoked', 'api-key.created']);
    expect(items[1]).toMatchObject({ actorName: 'admin@demo.test', after: { name: 'to revoke', prefix: created.prefix } });
    expect(items[0]).toMatchObject({ before: { revokedAt: null }, after: { revokedAt: entry.revokedAt } });
    expect(audit.body).not.toContain(created.key);
  });

  it('404 for a key that does not exist, and for an id that is not one', async () => {
    expect((await revoke('00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    const res = await revoke('not-an-id');
    expect(res.statusCode).toBe(404);
    expect(res.json().type).toBe('https://ccp.example/problems/not-found');
  });

  it("ACC-3: another account neither sees nor revokes this account's keys (404), and its keys act for it only", async () => {
    const ours = (await create('ours')).json();
    const { admin: otherAdmin } = await bed.addAccount('other');
    expect((await list(otherAdmin)).json()).toEqual([]);
    expect((await revoke(ours.id, otherAdmin)).statusCode).toBe(404);
    expect((await useKey(ours.key)).statusCode).toBe(404);
    const theirs = (await create('theirs', otherAdmin)).json();
    expect((await list(otherAdmin)).json().map((k: { name: string }) => k.name)).toEqual(['theirs']);
    expect((await list()).json().map((k: { id: string }) => k.id)).not.toContain(theirs.id);
    expect((await revoke(theirs.id)).statusCode).toBe(404);
  });

  it('ACC-1, ACC-2: 401 without a token, 403 without the feature or the permission', async () => {
    expect((await bed.app.inject({ method: 'GET', url: KEYS })).statusCode).toBe(401);
    const basic = await list(await bed.login('admin@basic.test'));
    expect(basic.statusCode).toBe(403);
    expect(basic.json().type).toBe('https://ccp.example/problems/feature-not-enabled');
    const viewer = await create('viewer', await bed.login('viewer@demo.test'));
    expect(viewer.statusCode).toBe(403);
    expect(viewer.json().type).toBe('https://ccp.example/problems/missing-permission');
  });
});
