// @vitest-environment node
import { beforeEach, describe, expect, it } from 'vitest';
import { serveToStores } from '../../test/http-server';
import { useExclusionExportsStore } from './exclusion-exports.store';
import { PAGE_SIZE } from './exclusion-list.store';
import { FakeExclusionApi } from './fake-exclusion-api';

describe('exclusion list exports store, over HTTP', () => {
  let fake: FakeExclusionApi;
  serveToStores((request) => fake.fetch(request));
  beforeEach(() => {
    fake = new FakeExclusionApi(PAGE_SIZE + 5);
  });

  function store() {
    const s = useExclusionExportsStore();
    s.pollIntervalMs = 1;
    return s;
  }

  it('EXC-9: a CSV comes at once, with the file name the API gives', async () => {
    const s = store();
    const file = await s.exportList('csv');
    expect(file?.fileName).toBe('exclusion-list-demo.csv');
    expect(await file?.blob.text()).toContain('(415) 555-0000');
    expect(s.exporting).toBeNull();
  });

  it('EXC-9: a large XLSX answers 202; the store polls the export and then fetches its file', async () => {
    fake.largeXlsx = true;
    const s = store();
    const file = await s.exportList('xlsx');
    expect(file?.fileName).toBe('exclusion-list-demo.xlsx');
    expect(fake.requests.filter((r) => r === 'GET /exclusions/exports/export-1').length).toBeGreaterThanOrEqual(2);
    expect(fake.requests.at(-1)).toBe('GET /exclusions/exports/export-1/file');
  });
});
