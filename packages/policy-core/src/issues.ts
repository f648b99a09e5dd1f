import type { RuleId } from './rules.js';

/** One problem with an input: where it is (`settings.queues[3].custom.mode`), what is wrong, and the rule it breaks. */
export interface Issue {
  readonly path: string;
  readonly message: string;
  readonly rule?: RuleId;
}

/** A value read from untrusted input, or every problem found in it. */
export type Validated<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly issues: readonly Issue[] };

/** `path: message`, the one-line form of an issue. */
export function formatIssue(issue: Issue): string {
  return `${issue.path}: ${issue.message}`;
}

/**
 * Collects issues while a value is read, so that one pass reports every problem, each with its path.
 * Internal to policy-core's readers.
 */
export class IssueList {
  readonly issues: Issue[] = [];

  add(path: string, message: string, rule?: RuleId): void {
    this.issues.push(rule ? { path, message, rule } : { path, message });
  }

  /**
   * The object at `path`, or undefined (reported) when it is not a plain object. Its keys not in
   * `keys` are reported; without `keys` any key is accepted (a scenario's free-form `meta`).
   */
  object(value: unknown, path: string, keys?: readonly string[]): Record<string, unknown> | undefined {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.add(path, `must be an object, not ${describeValue(value)}`);
      return undefined;
    }
    const record = value as Record<string, unknown>;
    if (keys) {
      for (const key of Object.keys(record)) {
        if (!keys.includes(key)) this.add(`${path}.${key}`, `unknown key (expected one of ${keys.join(', ')})`);
      }
    }
    return record;
  }

  /** One of `allowed`, or `fallback` when absent; reports anything else. */
  oneOf<T extends string>(value: unknown, path: string, allowed: readonly T[], fallback?: T): T | undefined {
    if (value === undefined && fallback !== undefined) return fallback;
    if (value === undefined) {
      this.add(path, `is required (one of ${allowed.join(', ')})`);
      return undefined;
    }
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
    this.add(path, `${JSON.stringify(value)} is not one of ${allowed.join(', ')}`);
    return undefined;
  }

  /** A non-empty string identifier. */
  id(value: unknown, path: string): string | undefined {
    if (typeof value === 'string' && value.trim() !== '') return value;
    this.add(path, value === undefined ? 'is required' : `must be a non-empty string, not ${describeValue(value)}`);
    return undefined;
  }

  boolean(value: unknown, path: string): boolean | undefined {
    if (typeof value === 'boolean') return value;
    this.add(path, `must be true or false, not ${describeValue(value)}`);
    return undefined;
  }

  array(value: unknown, path: string): readonly unknown[] | undefined {
    if (value === undefined) return [];
    if (Array.isArray(value)) return value;
    this.add(path, `must be a list, not ${describeValue(value)}`);
    return undefined;
  }

  result<T>(value: T | undefined): Validated<T> {
    if (this.issues.length > 0 || value === undefined) return { ok: false, issues: this.issues };
    return { ok: true, value };
  }
}

/** How a wrong value is named in a message: `"x"`, `a list`, `an object`, `null`, `number 4.5`. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}
