/** One value that differs between an audit entry's `before` and `after`, at a dotted path (`transfer.toQueue`). */
export interface Change {
  readonly path: string;
  readonly before: string | undefined;
  readonly after: string | undefined;
}

/**
 * A readable diff of two JSON values: the leaves that were added, removed or changed, in the order
 * they appear (before's first). A whole-value creation or deletion lists every leaf on one side.
 */
export function diffJson(before: unknown, after: unknown): Change[] {
  const left = flatten(before);
  const right = flatten(after);
  const paths = [...new Set([...left.keys(), ...right.keys()])];
  return paths
    .filter((path) => left.get(path) !== right.get(path))
    .map((path) => ({ path, before: left.get(path), after: right.get(path) }));
}

function flatten(value: unknown, path = '', into = new Map<string, string>()): Map<string, string> {
  if (value === null || value === undefined) {
    if (path) into.set(path, 'null');
    return into;
  }
  if (Array.isArray(value)) {
    if (value.length === 0 && path) into.set(path, '[]');
    value.forEach((item, index) => {
      flatten(item, `${path}[${index}]`, into);
    });
    return into;
  }
  if (typeof value === 'object') {
    const keys = Object.keys(value);
    if (keys.length === 0 && path) into.set(path, '{}');
    for (const key of keys) flatten((value as Record<string, unknown>)[key], path ? `${path}.${key}` : key, into);
    return into;
  }
  into.set(path || '(value)', typeof value === 'string' ? value : JSON.stringify(value));
  return into;
}
