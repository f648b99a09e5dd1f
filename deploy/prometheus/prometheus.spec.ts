/**
 * The Prometheus side of "Watching it" (README): the alert rules parse, each fires on a sick series
 * and stays quiet on a healthy one (`promtool test rules`), the example configuration is valid, and
 * every metric and label the rules read is one the api or the worker exports.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { QUEUES } from '@ccp/jobs';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { metricsInCode, problemsOf, ROOT } from '../testing/metrics-in-code.js';
import { promtool } from '../testing/promtool.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));

interface Rule {
  readonly alert: string;
  readonly expr: string;
  readonly for?: string;
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
}
interface RuleTest {
  readonly name: string;
  readonly alert_rule_test?: readonly { readonly alertname: string; readonly exp_alerts?: readonly unknown[] }[];
}

const rules: Rule[] = (parse(readFileSync(join(HERE, 'alerts.yml'), 'utf8')) as { groups: { rules: Rule[] }[] }).groups.flatMap(
  (group) => group.rules,
);
const tests: RuleTest[] = (parse(readFileSync(join(HERE, 'alerts.test.yml'), 'utf8')) as { tests: RuleTest[] }).tests;

describe('alerts.yml', () => {
  it('passes `promtool check rules`', () => {
    const run = promtool(['check', 'rules', 'alerts.yml'], HERE);
    expect(run.output).toContain(`SUCCESS: ${rules.length} rules found`);
    expect(run.status).toBe(0);
  });

  it('passes `promtool test rules alerts.test.yml`: each alert fires, with its labels and annotations, on a sick series', () => {
    const run = promtool(['test', 'rules', 'alerts.test.yml'], HERE);
    expect(run.output).toContain('SUCCESS');
    expect(run.status).toBe(0);
  });

  it('has, for every alert, a test where it fires and one where a healthy series leaves it quiet', () => {
    for (const { alert } of rules) {
      const checks = tests.flatMap((test) => test.alert_rule_test ?? []).filter((check) => check.alertname === alert);
      expect(
        checks.some((check) => (check.exp_alerts ?? []).length > 0),
        `${alert} never fires in alerts.test.yml`,
      ).toBe(true);
      expect(
        checks.some((check) => (check.exp_alerts ?? []).length === 0),
        `${alert} is never shown quiet in alerts.test.yml`,
      ).toBe(true);
    }
  });

  it('says for every alert how bad it is (severity), what is wrong (summary) and what to do (description)', () => {
    expect(rules.length).toBeGreaterThanOrEqual(7);
    for (const rule of rules) {
      expect(['critical', 'warning'], rule.alert).toContain(rule.labels?.severity);
      expect(rule.annotations?.summary, rule.alert).toBeTruthy();
      expect(rule.annotations?.description?.length ?? 0, rule.alert).toBeGreaterThan(150);
      // A condition read from a gauge must hold a while; a counter's increase is over a window already.
      if (!/\bincrease\(/.test(rule.expr)) expect(rule.for, `${rule.alert} has no for:`).toMatch(/^\d+m$/);
    }
  });

  it('reads only metrics and labels the api and the worker export', () => {
    const exported = metricsInCode();
    expect(exported.get('ccp_queue_jobs')).toEqual(['queue', 'state']);
    expect(rules.flatMap((rule) => problemsOf(rule.expr, exported).map((problem) => `${rule.alert}: ${problem}`))).toEqual([]);
  });

  it('matches the decision route and the queues by the names the code gives them', () => {
    const calls = readFileSync(join(ROOT, 'apps/api/src/calls/calls.controller.ts'), 'utf8');
    const prefix = /API_PREFIX = '([^']+)'/.exec(readFileSync(join(ROOT, 'apps/api/src/app.factory.ts'), 'utf8'))?.[1];
    expect(calls).toContain("@Controller('calls')");
    expect(calls).toContain("@Post(':callId/events')");
    const route = `/${prefix}/calls/:callId/events`;
    const queues = new Set<string>(Object.values(QUEUES));
    for (const rule of rules) {
      for (const [, value] of rule.expr.matchAll(/route="([^"]+)"/g)) expect(value, rule.alert).toBe(route);
      for (const [, alternatives] of rule.expr.matchAll(/queue=~?"([^"]+)"/g)) {
        for (const queue of (alternatives ?? '').split('|')) expect(queues, `${rule.alert}: queue ${queue}`).toContain(queue);
      }
    }
  });
});

describe('prometheus.yml', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'ccp-prometheus-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('passes `promtool check config`, alerts.yml included', () => {
    // promtool checks that the token file exists: point it at a scratch one, as a mounted secret would be.
    const token = join(scratch, 'ccp-metrics-token');
    writeFileSync(token, 'scrape-token\n');
    const config = readFileSync(join(HERE, 'prometheus.yml'), 'utf8');
    expect(config).toContain('/etc/prometheus/secrets/ccp-metrics-token');
    writeFileSync(join(scratch, 'prometheus.yml'), config.replaceAll('/etc/prometheus/secrets/ccp-metrics-token', token));
    copyFileSync(join(HERE, 'alerts.yml'), join(scratch, 'alerts.yml'));
    const run = promtool(['check', 'config', 'prometheus.yml'], scratch);
    expect(run.output).toContain('SUCCESS: prometheus.yml is valid prometheus config file syntax');
    expect(run.output).toContain(`SUCCESS: ${rules.length} rules found`);
    expect(run.status).toBe(0);
  });

  it('scrapes the api replicas and the workers under the job names the alerts and the dashboard use', () => {
    const config = parse(readFileSync(join(HERE, 'prometheus.yml'), 'utf8')) as { scrape_configs: { job_name: string }[] };
    expect(config.scrape_configs.map((scrape) => scrape.job_name)).toEqual(['ccp-api', 'ccp-worker']);
    expect(rules.find((rule) => rule.alert === 'CcpTargetDown')?.expr).toContain('job=~"ccp-api|ccp-worker"');
  });
});
