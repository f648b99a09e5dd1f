/**
 * The metrics the api and the worker export, with their label names, read from their source (no app
 * is started): every `name: '…'` of a file that registers metrics (`MetricsService`, prom-client),
 * with the `labelNames` that follow it; prom-client's default process metrics (`process_*`,
 * `nodejs_*`, from its own source); Prometheus's `up`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type PromqlReads, readsOf } from './promql.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SOURCES = ['apps/api/src', 'apps/worker/src'];
/** Labels Prometheus adds to every series it scrapes. */
const TARGET_LABELS = ['job', 'instance'];
const HISTOGRAM_SERIES = /_(bucket|count|sum)$/;

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !/\.(int-)?spec\.ts$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** Metric name → its label names. */
export function metricsInCode(): Map<string, readonly string[]> {
  const metrics = new Map<string, readonly string[]>([['up', []]]);
  for (const file of SOURCES.flatMap((folder) => sourceFiles(join(ROOT, folder)))) {
    const text = readFileSync(file, 'utf8');
    if (!text.includes('prom-client') && !text.includes('MetricsService')) continue;
    const names = [...text.matchAll(/\bname:\s*'([a-z_:][a-z0-9_:]*)'/g)];
    names.forEach((match, i) => {
      const declaration = text.slice(match.index, names[i + 1]?.index ?? text.length);
      const labels = /labelNames:\s*\[([^\]]*)\]/.exec(declaration)?.[1] ?? '';
      metrics.set(
        match[1] as string,
        [...labels.matchAll(/'([^']+)'/g)].map((label) => label[1] as string),
      );
    });
  }
  // prom-client's defaults (collectDefaultMetrics), from the copy the api uses.
  const promClient = dirname(createRequire(join(ROOT, 'apps/api/package.json')).resolve('prom-client/package.json'));
  const defaults = join(promClient, 'lib/metrics');
  for (const file of readdirSync(defaults).filter((name) => name.endsWith('.js'))) {
    for (const match of readFileSync(join(defaults, file), 'utf8').matchAll(/'((?:process|nodejs)_[a-z0-9_]+)'/g))
      metrics.set(match[1] as string, []);
  }
  return metrics;
}

/**
 * What is wrong with `expr` against `exported`: a metric no code exports, or a label its metric
 * does not have (besides `job`, `instance`, and `le` on a histogram's buckets). Empty when nothing.
 */
export function problemsOf(expr: string, exported: Map<string, readonly string[]>): string[] {
  const reads: PromqlReads = readsOf(expr);
  const labelsOf = (metric: string): readonly string[] | undefined => {
    const own = exported.get(metric);
    if (own) return [...own, ...TARGET_LABELS];
    const histogram = exported.get(metric.replace(HISTOGRAM_SERIES, ''));
    if (histogram && HISTOGRAM_SERIES.test(metric)) return [...histogram, ...TARGET_LABELS, ...(metric.endsWith('_bucket') ? ['le'] : [])];
    return undefined;
  };
  const problems: string[] = [];
  for (const metric of reads.metrics) if (!labelsOf(metric)) problems.push(`${metric} is not exported by the api or the worker`);
  for (const { metric, labels } of reads.selectors) {
    const known = labelsOf(metric);
    for (const label of labels) if (known && !known.includes(label)) problems.push(`${metric} has no label ${label}`);
  }
  const all = new Set(reads.metrics.flatMap((metric) => labelsOf(metric) ?? []));
  for (const label of reads.grouping) if (!all.has(label)) problems.push(`no metric of "${expr}" has the label ${label} it groups by`);
  return problems;
}
