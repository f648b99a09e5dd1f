/**
 * What a PromQL expression reads, well enough to check it against the metrics the code exports:
 * the metric names, the labels each selector matches on, and the labels it groups by. Not a parser:
 * promtool checks the syntax; this only has to find names in an expression that promtool accepts.
 */
export interface PromqlReads {
  readonly metrics: readonly string[];
  readonly selectors: readonly { readonly metric: string; readonly labels: readonly string[] }[];
  readonly grouping: readonly string[];
}

const STRING = /"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g;
const MATCHERS = /([a-zA-Z_:][\w:]*)?\s*\{([^}]*)\}/g;
const GROUPING = /\b(?:by|without|on|ignoring|group_left|group_right)\s*\(([^)]*)\)/g;
/** An identifier that is neither part of a longer one, nor a number's (1e3, 5m), nor called (`rate(`). */
const IDENTIFIER = /(?<![\w:.$])([a-zA-Z_:][\w:]*)(?![\w:])(?!\s*\()/g;
const KEYWORDS = new Set(['and', 'or', 'unless', 'bool', 'offset', 'inf', 'nan', 'atan2']);

export function readsOf(expr: string): PromqlReads {
  const code = expr.replace(STRING, '""');
  const selectors = [...code.matchAll(MATCHERS)]
    .filter((match) => match[1] !== undefined)
    .map((match) => ({
      metric: match[1] as string,
      labels: [...(match[2] ?? '').matchAll(/([a-zA-Z_]\w*)\s*(?:=~|!~|!=|=)/g)].map((label) => label[1] as string),
    }));
  const grouping = [...code.matchAll(GROUPING)].flatMap((match) =>
    (match[1] ?? '')
      .split(',')
      .map((label) => label.trim())
      .filter(Boolean),
  );
  const bare = code
    .replace(MATCHERS, '$1 ')
    .replace(GROUPING, ' ')
    .replace(/\[[^\]]*\]/g, ' ');
  const metrics = [...new Set([...bare.matchAll(IDENTIFIER)].map((match) => match[1] as string))].filter(
    (name) => !KEYWORDS.has(name.toLowerCase()),
  );
  return { metrics, selectors, grouping };
}
