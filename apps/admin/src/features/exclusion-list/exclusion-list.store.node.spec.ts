// @vitest-environment node
import { beforeEach, describe, expect, it } from 'vitest';
import { serveToStores } from '../../test/http-server';
import { PAGE_SIZE, useExclusionListStore } from './exclusion-list.store';
import { FakeExclusionApi } from './fake-exclusion-api';

describe('exclusion list store, over HTTP', () => {
  let fake: FakeExclusionApi;
  serveToStores((request) => fake.fetch(request));
  beforeEach(() => {
    fake = new FakeExclusionApi(PAGE_SIZE + 5);
  });

  const store = () => useExclusionListStore();

  it('reads one page at a time with the cursor, and goes back through the cursors followed', async () => {
    const s = store();
    await s.search('');
    expect(s.items).toHaveLength(PAGE_SIZE);
    expect(s.hasNext).toBe(true);
    expect(s.hasPrevious).toBe(false);
    expect(fake.requests.at(-1)).toBe(`GET /exclusions?limit=${PAGE_SIZE}`);

    await s.nextPage();
    expect(s.items).toHaveLength(5);
    expect(s.pageNumber).toBe(2);
    expect(s.hasNext).toBe(false);
    expect(fake.requests.at(-1)).toBe(`GET /exclusions?limit=${PAGE_SIZE}&cursor=${PAGE_SIZE}`);

    await s.previousPage();
    expect(s.pageNumber).toBe(1);
    expect(s.items[0]?.display).toBe('(415) 555-0000');
  });

  it('searches with q from the first page; a refused search lands on the search field', async () => {
    const s = store();
    await s.search('(415) 555-0003');
    expect(s.items.map((e) => e.display)).toEqual(['(415) 555-0003']);
    await s.search('abc');
    expect(s.searchError).toContain('q must be the digits');
    expect(s.problem).toBeNull();
  });

  it('EXC-1 / EXC-6: adds, says when the entry is listed already, and brings back the reason of a refusal', async () => {
    const s = store();
    await s.search('');
    expect(await s.add('650')).toMatchObject({ kind: 'added', exclusion: { display: '650*', kind: 'area-code' } });
    expect(await s.add('650*')).toMatchObject({ kind: 'already-present' });
    expect(await s.add('555-01')).toEqual({
      kind: 'refused',
      message: '"555-01" is not a phone number: too short',
      rule: 'EXC-1',
    });
  });

  it('EXC-7: deletes by the normalized entry, and an emptied last page falls back to the one before', async () => {
    fake = new FakeExclusionApi(PAGE_SIZE + 1);
    const s = store();
    await s.search('');
    await s.nextPage();
    const last = s.items[0];
    if (!last) throw new Error('no entry');
    expect(await s.remove(last)).toBe(true);
    expect(fake.requests).toContain(`DELETE /exclusions/${encodeURIComponent(last.entry)}`);
    expect(s.pageNumber).toBe(1);
    expect(s.items).toHaveLength(PAGE_SIZE);
  });
});
