import { TEST_DRIVERS } from '@ccp/db/testing';
import { customerKey, matchesNumberOrAreaCode, normalizeExclusionEntry } from '@ccp/policy-core';
import { describe, expect, it } from 'vitest';
import { insertExclusions } from '../../../test/exclusions.js';
import { apiTestbed } from '../../../test/testbed.js';
import { PolicyRegistry } from '../../policies/policy-registry.js';

const EXCLUSIONS = '/api/v1/exclusions';

interface Item {
  entry: string;
  kind: string;
  display: string;
  addedAt: string;
  addedBy: string;
}

describe.each(TEST_DRIVERS)('exclusion list on %s', (driver) => {
  const bed = apiTestbed(driver, { demo: true });

  const get = (url: string, as?: string) => bed.get(url, as);
  const add = (entry: unknown, authorization = bed.admin) =>
    bed.app.inject({ method: 'POST', url: EXCLUSIONS, payload: { entry }, headers: { authorization } });
  const remove = (entry: string, authorization = bed.admin) =>
    bed.app.inject({ method: 'DELETE', url: `${EXCLUSIONS}/${entry}`, headers: { authorization } });
  const entries = async (query = '', authorization = bed.admin): Promise<string[]> => {
    const res = await get(`${EXCLUSIONS}?limit=500${query}`, authorization);
    expect(res.statusCode).toBe(200);
    return res.json().items.map((item: Item) => item.entry);
  };
  const audit = async (action: string, target: string) =>
    (await get(`/api/v1/audit?action=${action}&limit=200`)).json().items.filter((row: { target: string }) => row.target === target);
  const listed = async (accountId: string, e164: string) =>
    matchesNumberOrAreaCode((await bed.app.get(PolicyRegistry).get(accountId)).exclusions, customerKey(e164));

  it('EXC-1: lists the demo entries in entry order, each with its kind, display and who added it', async () => {
    const res = await get(EXCLUSIONS);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      items: [
        { entry: '+12125550123', kind: 'number', display: '(212) 555-0123', addedAt: expect.any(String), addedBy: 'demo seed' },
        { entry: '+13105550142', kind: 'number', display: '(310) 555-0142', addedAt: expect.any(String), addedBy: 'demo seed' },
        { entry: '646', kind: 'area-code', display: '646*', addedAt: expect.any(String), addedBy: 'demo seed' },
      ],
      nextCursor: null,
    });
    expect(Date.now() - Date.parse(res.json().items[0].addedAt)).toBeLessThan(10 * 60_000);
  });

  it.each([
    ['(415) 555-0100', '+14155550100', 'number', '(415) 555-0100'],
    ['415.555.0100', '+14155550100', 'number', '(415) 555-0100'],
    ['14155550100', '+14155550100', 'number', '(415) 555-0100'],
    ['+1 415 555 0100', '+14155550100', 'number', '(415) 555-0100'],
    [4155550100, '+14155550100', 'number', '(415) 555-0100'],
    ['415', '415', 'area-code', '415*'],
    ['415*', '415', 'area-code', '415*'],
  ])('EXC-1: %j is accepted as %s', async (typed, entry, kind, display) => {
    const res = await add(typed);
    expect([200, 201]).toContain(res.statusCode);
    expect(res.json()).toMatchObject({ entry, kind, display, addedBy: 'admin@demo.test', alreadyPresent: res.statusCode === 200 });
    expect(await entries()).toContain(entry);
  });

  it('EXC-1: the first of the forms was new (201 with Location), the others found it listed', async () => {
    const added = await audit('exclusion.added', '+14155550100');
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ actorName: 'admin@demo.test', after: { entry: '+14155550100', kind: 'number' } });
    const res = await add('(628) 555-0177');
    expect(res.statusCode).toBe(201);
    expect(res.headers.location).toBe(`${EXCLUSIONS}/%2B16285550177`);
    expect((await get(`${EXCLUSIONS}?q=6285550177`)).json().items).toHaveLength(1);
  });

  it.each([
    ['12', 'is not an area code: area codes are 3 digits from 200 to 999'],
    ['911', 'is not an area code: 911 is a service code'],
    ['555-01', 'is not a phone number'],
    ['+44 20 7946 0958', 'is not a North American (+1) number'],
    ['(415) 555-0100 ext. 12', 'has an extension'],
    ['call me', 'is not a phone number'],
    ['   ', 'is empty'],
    [true, 'must be a phone number written as text'],
  ])('EXC-1: %j is refused with the reason (422, rule EXC-1, errors on entry)', async (typed, reason) => {
    const before = await entries();
    const res = await add(typed);
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const expected = normalizeExclusionEntry(typed);
    if (expected.ok) throw new Error(`${typed} is accepted by policy-core`);
    expect(res.json()).toMatchObject({
      type: 'https://ccp.example/problems/rule-violation',
      status: 422,
      rule: 'EXC-1',
      detail: expected.reason,
      errors: [{ path: 'entry', message: expected.reason }],
      requestId: expect.any(String),
    });
    expect(res.json().detail).toContain(reason);
    expect(await entries()).toEqual(before);
  });

  it('a body without entry, or with more than entry, is refused naming the field', async () => {
    const missing = await bed.request('POST', EXCLUSIONS, { payload: {} });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().errors).toEqual([{ path: 'entry', message: expect.stringContaining('entry is required') }]);
    const extra = await bed.request('POST', EXCLUSIONS, { payload: { entry: '4155550111', note: 'vip' } });
    expect(extra.statusCode).toBe(422);
    expect(extra.json().errors).toEqual([expect.objectContaining({ path: 'note' })]);
  });

  it('EXC-6: adding a listed entry again answers 200 alreadyPresent, changes nothing and writes no audit row', async () => {
    const first = await add('(718) 555-0101');
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ entry: '+17185550101', alreadyPresent: false });
    const list = await entries();
    const again = await add('718-555-0101');
    expect(again.statusCode).toBe(200);
    expect(again.headers.location).toBeUndefined();
    // As it was added the first time: when and by whom.
    expect(again.json()).toEqual({ ...first.json(), alreadyPresent: true });
    expect(await entries()).toEqual(list);
    expect(await audit('exclusion.added', '+17185550101')).toHaveLength(1);
  });

  it('EXC-6: concurrent adds of one new number give one 201 and 200 for the others, never a 500', async () => {
    const forms = [
      '(503) 555-0142',
      '+1 503 555 0142',
      '5035550142',
      '503.555.0142',
      '1-503-555-0142',
      '503 555 0142',
      5035550142,
      '+15035550142',
    ];
    const results = await Promise.all(forms.map((form) => add(form)));
    expect(results.map((res) => res.statusCode).sort()).toEqual([201, ...Array(forms.length - 1).fill(200)].sort());
    expect(new Set(results.map((res) => res.json().addedAt)).size).toBe(1);
    expect((await entries()).filter((entry) => entry === '+15035550142')).toHaveLength(1);
    expect(await audit('exclusion.added', '+15035550142')).toHaveLength(1);
  });

  it("EXC-2: an added number and area code take effect on the account's decisions at once", async () => {
    expect(await listed(bed.accountId, '+19255550188')).toBe(false);
    expect(await listed(bed.accountId, '+19175550000')).toBe(false);
    expect((await add('(925) 555-0188')).statusCode).toBe(201);
    expect((await add('917*')).statusCode).toBe(201);
    expect(await listed(bed.accountId, '+19255550188')).toBe(true);
    expect(await listed(bed.accountId, '+19175550000')).toBe(true);
    expect(await listed(bed.accountId, '+19255550189')).toBe(false);

    expect((await remove('%2B19255550188')).statusCode).toBe(204);
    expect(await listed(bed.accountId, '+19255550188')).toBe(false);
  });

  it('EXC-7: deletes an entry (204, audited), then answers 404 for it', async () => {
    expect((await add('(312) 555-0100')).statusCode).toBe(201);
    const res = await remove('%2B13125550100');
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
    expect(await entries()).not.toContain('+13125550100');
    const [deleted, ...more] = await audit('exclusion.deleted', '+13125550100');
    expect(more).toEqual([]);
    expect(deleted).toMatchObject({ actorName: 'admin@demo.test', before: { entry: '+13125550100', addedBy: 'admin@demo.test' } });

    const again = await remove('%2B13125550100');
    expect(again.statusCode).toBe(404);
    expect(again.json()).toMatchObject({
      type: 'https://ccp.example/problems/not-found',
      detail: '(312) 555-0100 is not on the exclusion list',
    });
    expect(await audit('exclusion.deleted', '+13125550100')).toHaveLength(1);
  });

  it('EXC-7: an entry is named by its E.164 number with or without +, or its area code with or without *', async () => {
    expect((await remove('+13105550142')).statusCode).toBe(204);
    expect((await add('(212) 555-0123')).statusCode).toBe(200);
    expect((await remove('12125550123')).statusCode).toBe(204);
    expect((await remove('646*')).statusCode).toBe(204);
    expect((await add('415')).statusCode).toBe(200);
    expect((await remove('415')).statusCode).toBe(204);
    const left = await entries();
    for (const gone of ['+13105550142', '+12125550123', '646', '415']) expect(left).not.toContain(gone);
  });

  it.each([
    ['abc', 'is not an exclusion entry'],
    ['12', 'is not an exclusion entry'],
    ['911', 'is a service code'],
    ['%2B442079460958', 'is not an exclusion entry'],
  ])('EXC-7: DELETE %s is not an entry at all (422)', async (path, reason) => {
    const res = await remove(path);
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ rule: 'EXC-1', errors: [{ path: 'entry', message: expect.stringContaining(reason) }] });
  });

  it('search: digits typed in any format find the entries containing them, area codes by their 3 digits', async () => {
    for (const typed of ['(415) 555-0199', '(415) 777-0100', '(650) 415-0123', '415', '(510) 555-0100', '510']) await add(typed);
    const all = await entries();
    const containing = (digits: string) => all.filter((entry) => entry.includes(digits));
    expect(await entries('&q=415')).toEqual(['+14155550100', '+14155550199', '+14157770100', '+16504150123', '415']);
    expect(await entries('&q=415')).toEqual(containing('415'));
    expect(await entries(`&q=${encodeURIComponent('(415) 55')}`)).toEqual(['+14155550100', '+14155550199']);
    expect(await entries(`&q=${encodeURIComponent('415*')}`)).toEqual(containing('415'));
    expect(await entries(`&q=${encodeURIComponent('+1 415-555-0100')}`)).toEqual(['+14155550100']);
    expect(await entries('&q=510')).toEqual(['+15105550100', '510']);
    expect(await entries('&q=99999')).toEqual([]);
    expect(await entries('&q=')).toEqual(all);
  });

  it('a bad cursor, limit or q answers 422 naming the field', async () => {
    const bad = async (query: string, path: string) => {
      const res = await get(`${EXCLUSIONS}?${query}`);
      expect(res.statusCode, query).toBe(422);
      expect(res.json().errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining([path]));
    };
    await bad('limit=0', 'limit');
    await bad('limit=501', 'limit');
    await bad('limit=ten', 'limit');
    await bad('limit=2.5', 'limit');
    await bad('cursor=not-a-cursor!', 'cursor');
    await bad(`cursor=${Buffer.from('hello').toString('base64url')}`, 'cursor');
    await bad('q=abc', 'q');
    await bad('colour=red', 'colour');
    expect((await get(`${EXCLUSIONS}?limit=500&cursor=`)).statusCode).toBe(200);
  });

  it('pages with the cursor through a list of 20,000: every entry once, in order, pages of the size asked', async () => {
    const bulk = await bed.addAccount('bulk');
    const bulkAdmin = bulk.admin;
    const areaCodes = Array.from({ length: 800 }, (_, i) => String(200 + i)).filter((code) => !code.endsWith('11'));
    const numbers = Array.from({ length: 20_000 - areaCodes.length }, (_, i) => `+1${200 + (i % 800)}${2_000_000 + i * 397}`);
    const all = [...numbers, ...areaCodes];
    expect(new Set(all).size).toBe(20_000);
    await insertExclusions(bed.app, bulk.accountId, all);
    const expected = [...all].sort();

    const walk = async (query: string, limit: number) => {
      const seen: string[] = [];
      const sizes: number[] = [];
      let cursor: string | null = null;
      do {
        const res = await get(`${EXCLUSIONS}?limit=${limit}${query}${cursor ? `&cursor=${cursor}` : ''}`, bulkAdmin);
        expect(res.statusCode).toBe(200);
        const page: { items: Item[]; nextCursor: string | null } = res.json();
        sizes.push(page.items.length);
        seen.push(...page.items.map((item) => item.entry));
        cursor = page.nextCursor;
      } while (cursor !== null);
      return { seen, sizes };
    };

    const { seen, sizes } = await walk('', 450);
    expect(seen).toEqual(expected);
    expect(sizes).toEqual([...Array(44).fill(450), 200]);

    const searched = await walk('&q=415', 7);
    const containing = expected.filter((entry) => entry.includes('415'));
    expect(containing.length).toBeGreaterThan(100);
    expect(searched.seen).toEqual(containing);
    expect(searched.sizes.slice(0, -1).every((size) => size === 7)).toBe(true);

    // The default page, and the demo account's list untouched by the bulk account.
    expect((await get(EXCLUSIONS, bulkAdmin)).json().items).toHaveLength(50);
    expect(await entries()).not.toContain(expected[0]);
  }, 120_000);

  it('ACC-3: another account never sees, finds, adds to or deletes from this list', async () => {
    const other = await bed.addAccount('other');
    const otherAdmin = other.admin;
    const ours = await entries();
    expect(ours).toContain('+14155550100');

    expect((await get(EXCLUSIONS, otherAdmin)).json()).toEqual({ items: [], nextCursor: null });
    expect(await entries('&q=415', otherAdmin)).toEqual([]);
    // Ours listed it; for them it is new, and only theirs gets it.
    const theirs = await add('(415) 555-0100', otherAdmin);
    expect(theirs.statusCode).toBe(201);
    expect(theirs.json().addedBy).toBe(other.email);
    const deleted = await remove('%2B14155550199', otherAdmin);
    expect(deleted.statusCode).toBe(404);
    expect(await entries('', otherAdmin)).toEqual(['+14155550100']);
    expect(await entries()).toEqual(ours);
    expect((await get(`${EXCLUSIONS}?q=4155550100`)).json().items[0].addedBy).toBe('admin@demo.test');
    expect(await listed(other.accountId, '+14155550199')).toBe(false);
    expect(await listed(bed.accountId, '+14155550199')).toBe(true);
  });

  it('ACC-2: a user without the permission gets 403 on every route, and the list stays as it is', async () => {
    const viewer = await bed.login('viewer@demo.test');
    const before = await entries();
    for (const res of [await get(EXCLUSIONS, viewer), await add('(415) 555-0123', viewer), await remove('415', viewer)]) {
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ type: 'https://ccp.example/problems/missing-permission' });
    }
    expect(await entries()).toEqual(before);
  });

  it('ACC-1: an account without the feature gets 403 feature-not-enabled', async () => {
    const basic = await bed.login('admin@basic.test');
    const res = await get(EXCLUSIONS, basic);
    expect(res.statusCode).toBe(403);
    expect(res.json().type).toBe('https://ccp.example/problems/feature-not-enabled');
  });

  it('the OpenAPI document describes the routes, how q matches and what a page holds', async () => {
    const document = (await bed.app.inject({ method: 'GET', url: '/api/docs/openapi.json' })).json();
    const list = document.paths['/api/v1/exclusions'];
    expect(Object.keys(list).sort()).toEqual(['get', 'post']);
    expect(Object.keys(list.post.responses)).toEqual(expect.arrayContaining(['200', '201', '422']));
    const q = list.get.parameters.find((parameter: { name: string }) => parameter.name === 'q');
    expect(q.description).toContain('contain');
    expect(document.paths['/api/v1/exclusions/{entry}'].delete.responses).toHaveProperty('204');
    expect(document.paths['/api/v1/exclusions/{entry}'].delete.responses).toHaveProperty('404');
    expect(document.components.schemas.ExclusionPageDto.required).toEqual(['items', 'nextCursor']);
  });

  it('401 without a token or with a bad one', async () => {
    for (const res of [
      await bed.app.inject({ method: 'GET', url: EXCLUSIONS }),
      await bed.app.inject({ method: 'POST', url: EXCLUSIONS, payload: { entry: '415' } }),
      await bed.app.inject({ method: 'DELETE', url: `${EXCLUSIONS}/415` }),
      await get(EXCLUSIONS, 'Bearer not-a-token'),
    ]) {
      expect(res.statusCode).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Bearer');
    }
  });
});
