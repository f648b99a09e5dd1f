import { REGIONS } from '@ccp/policy-core';
import { describe, expect, it } from 'vitest';
import { apiTestbed } from '../../test/testbed.js';

const REGIONS_URL = '/api/v1/consent/regions';

// The table is the product's, in no database: one driver tells as much as two.
describe('GET /consent/regions: the region table (CNS-1/2)', () => {
  const bed = apiTestbed('sqlite', { demo: true, apiKey: true });

  it('CNS-2: every region with its name, country, kind, place on the default all-party list, dispute note and area codes', async () => {
    const res = await bed.get(REGIONS_URL);
    expect(res.statusCode).toBe(200);
    const { items } = res.json();
    expect(items).toHaveLength(REGIONS.length);
    const byCode = new Map(items.map((region: { code: string }) => [region.code, region]));
    expect(byCode.get('CA')).toMatchObject({ name: 'California', country: 'US', kind: 'state', allPartyByDefault: true, disputed: null });
    expect((byCode.get('CA') as { areaCodes: string[] }).areaCodes).toContain('415');
    expect(byCode.get('MI')).toMatchObject({ allPartyByDefault: true, disputed: expect.stringContaining('Sullivan v. Gray') });
    expect(byCode.get('TX')).toMatchObject({ allPartyByDefault: false, disputed: null });
    expect(byCode.get('QC')).toMatchObject({ country: 'CA', kind: 'province', allPartyByDefault: false });
    expect(byCode.get('DC')).toMatchObject({ kind: 'district' });
  });

  it('is cacheable: an ETag and Cache-Control, and 304 for the ETag held', async () => {
    const first = await bed.get(REGIONS_URL);
    expect(first.headers['cache-control']).toBe('private, max-age=86400');
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect((await bed.get(REGIONS_URL)).headers.etag).toBe(etag);
    const unchanged = await bed.request('GET', REGIONS_URL, { headers: { 'if-none-match': etag } });
    expect(unchanged.statusCode).toBe(304);
    expect(unchanged.body).toBe('');
    expect((await bed.request('GET', REGIONS_URL, { headers: { 'if-none-match': `"older", W/${etag}` } })).statusCode).toBe(304);
    expect((await bed.request('GET', REGIONS_URL, { headers: { 'if-none-match': '"older"' } })).statusCode).toBe(200);
  });

  it('ACC-1, ACC-2: as the recording settings: 401 without a login, 403 without the permission, the feature, or for an API key', async () => {
    expect((await bed.app.inject({ method: 'GET', url: REGIONS_URL })).statusCode).toBe(401);
    const viewer = await bed.get(REGIONS_URL, await bed.login('viewer@demo.test'));
    expect(viewer.json()).toMatchObject({ status: 403, type: 'https://ccp.example/problems/missing-permission' });
    const basic = await bed.get(REGIONS_URL, await bed.login('admin@basic.test'));
    expect(basic.json()).toMatchObject({ status: 403, type: 'https://ccp.example/problems/feature-not-enabled' });
    expect((await bed.get(REGIONS_URL, bed.apiKey)).json()).toMatchObject({
      status: 403,
      type: 'https://ccp.example/problems/api-key-not-allowed',
    });
  });
});
