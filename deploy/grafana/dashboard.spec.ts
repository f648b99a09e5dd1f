/**
 * The Grafana dashboard of "Watching it" (README): a dashboard Grafana imports, every query valid
 * PromQL (promtool), reading only metrics the code exports, and showing every `ccp_` metric there is.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { metricsInCode, problemsOf } from '../testing/metrics-in-code.js';
import { readsOf } from '../testing/promql.js';
import { promtool } from '../testing/promtool.js';

interface Panel {
  readonly id: number;
  readonly type: string;
  readonly title: string;
  readonly gridPos: { readonly x: number; readonly y: number; readonly w: number; readonly h: number };
  readonly datasource?: { readonly type: string; readonly uid: string };
  readonly targets?: readonly { readonly refId: string; readonly expr: string; readonly datasource?: { readonly uid: string } }[];
}

const dashboard = JSON.parse(readFileSync(fileURLToPath(new URL('ccp-dashboard.json', import.meta.url)), 'utf8')) as {
  uid: string;
  title: string;
  schemaVersion: number;
  panels: Panel[];
  templating: { list: { name: string; type: string; query: string }[] };
};
const queries = dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((target) => ({ panel: panel.title, ...target })));

// biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's variable syntax, not a JavaScript template.
const DATASOURCE_VARIABLE = '${datasource}';

/** Grafana's interval variables, as a Prometheus rule would have them. */
function asPromql(expr: string): string {
  return expr.replaceAll('$__rate_interval', '5m').replaceAll('$__interval', '1m').replaceAll('$__range', '1h');
}

describe('ccp-dashboard.json', () => {
  it('is a Grafana dashboard: a uid, unique panel ids in the 24-column grid, every query on the Prometheus variable', () => {
    expect(dashboard).toMatchObject({ uid: 'ccp-overview', title: expect.any(String), schemaVersion: expect.any(Number) });
    expect(dashboard.templating.list).toContainEqual(
      expect.objectContaining({ name: 'datasource', type: 'datasource', query: 'prometheus' }),
    );
    const ids = dashboard.panels.map((panel) => panel.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const panel of dashboard.panels) {
      expect(panel.gridPos.x + panel.gridPos.w, panel.title).toBeLessThanOrEqual(24);
      if (panel.type === 'row') continue;
      expect(panel.datasource, panel.title).toEqual({ type: 'prometheus', uid: DATASOURCE_VARIABLE });
      expect(panel.targets?.length, panel.title).toBeGreaterThan(0);
      for (const target of panel.targets ?? []) expect(target.datasource?.uid, panel.title).toBe(DATASOURCE_VARIABLE);
    }
  });

  describe('its queries', () => {
    const scratch = mkdtempSync(join(tmpdir(), 'ccp-dashboard-'));
    afterAll(() => rmSync(scratch, { recursive: true, force: true }));

    it('are PromQL: promtool accepts each as a recording rule', () => {
      const rules = {
        groups: [{ name: 'dashboard', rules: queries.map((query, i) => ({ record: `dashboard:query_${i}`, expr: asPromql(query.expr) })) }],
      };
      writeFileSync(join(scratch, 'dashboard-queries.yml'), stringify(rules));
      const run = promtool(['check', 'rules', 'dashboard-queries.yml'], scratch);
      expect(run.output).toContain(`SUCCESS: ${queries.length} rules found`);
      expect(run.status).toBe(0);
    });

    it('read only metrics and labels the api and the worker export', () => {
      const exported = metricsInCode();
      expect(queries.flatMap((query) => problemsOf(asPromql(query.expr), exported).map((problem) => `${query.panel}: ${problem}`))).toEqual(
        [],
      );
    });

    it('show every ccp_ metric the code exports, and the decision route by its status and latency', () => {
      const shown = new Set(queries.flatMap((query) => readsOf(asPromql(query.expr)).metrics));
      const ccp = [...metricsInCode().keys()].filter((name) => name.startsWith('ccp_'));
      expect(ccp.length).toBeGreaterThan(10);
      for (const metric of ccp) {
        const asHistogram = [`${metric}_bucket`, `${metric}_count`, `${metric}_sum`];
        expect(
          [metric, ...asHistogram].some((series) => shown.has(series)),
          `${metric} is on no panel`,
        ).toBe(true);
      }
      expect(queries.filter((query) => query.expr.includes('route="/api/v1/calls/:callId/events"')).map((query) => query.panel)).toEqual(
        expect.arrayContaining(['Decisions/s by answer', 'Decision latency', 'Decision errors']),
      );
    });
  });
});
