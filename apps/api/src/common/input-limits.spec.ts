import { BadRequestException } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { ValidationFailed } from './errors.js';
import { checkJsonBody, checkUrlValues, MAX_BODY_DEPTH } from './input-limits.js';

const nested = (levels: number, leaf: unknown = 1): unknown => {
  let value = leaf;
  for (let level = 0; level < levels; level++) value = level % 2 === 0 ? [value] : { a: value };
  return value;
};

const refusal = (check: () => void): Error => {
  try {
    check();
  } catch (error) {
    return error as Error;
  }
  throw new Error('not refused');
};

describe('checkJsonBody', () => {
  it('takes bodies up to the depth limit, and those of the API', () => {
    expect(() => checkJsonBody(nested(MAX_BODY_DEPTH))).not.toThrow();
    expect(() => checkJsonBody({ call: { kind: 'queue', queue: 'sales' }, events: [{ type: 'connected' }] })).not.toThrow();
    for (const scalar of [null, 1, true, 'text', '']) expect(() => checkJsonBody(scalar)).not.toThrow();
  });

  it('refuses one level more with a 400 saying where, however deep it goes', () => {
    for (const levels of [MAX_BODY_DEPTH + 1, 100_000]) {
      const error = refusal(() => checkJsonBody({ call: nested(levels) }));
      expect(error).toBeInstanceOf(BadRequestException);
      expect(error.message).toMatch(/^The body nests deeper than 64 levels \(at call(\.a|\.0)+…\)$/);
    }
  });

  it('refuses a NUL in any string or key with a 422 naming the field', () => {
    const cases: [unknown, string][] = [
      [{ name: 'a\u0000b' }, 'name'],
      [{ events: [{ type: 'connected' }, { type: '\u0000' }] }, 'events.1.type'],
      [{ call: { 'ki\u0000nd': 'queue' } }, 'call.ki\\u0000nd'],
      ['\u0000', '(the whole body)'],
    ];
    for (const [body, path] of cases) {
      const error = refusal(() => checkJsonBody(body));
      expect(error).toBeInstanceOf(ValidationFailed);
      expect(error.message).toBe(`${path}: NUL characters are not allowed`);
      expect((error as ValidationFailed).errors).toEqual([{ path, message: 'NUL characters are not allowed' }]);
    }
  });
});

describe('checkUrlValues', () => {
  it('takes ordinary values', () => {
    expect(() => checkUrlValues({ params: { id: 'sales' }, query: { q: ['415', '650'], limit: '10' } })).not.toThrow();
    expect(() => checkUrlValues({ params: undefined, query: undefined })).not.toThrow();
  });

  it('refuses a NUL in a path parameter, a query value (repeated or not) or a query name, naming it', () => {
    const cases: [Parameters<typeof checkUrlValues>[0], string][] = [
      [{ params: { id: 'sales\u0000' }, query: {} }, 'The path parameter "id": NUL characters are not allowed'],
      [{ params: {}, query: { action: '\u0000' } }, 'The query parameter "action": NUL characters are not allowed'],
      [{ params: {}, query: { q: ['415', '\u0000'] } }, 'The query parameter "q": NUL characters are not allowed'],
      [{ params: {}, query: { 'a\u0000': '1' } }, 'The query parameter "a\\u0000": NUL characters are not allowed'],
    ];
    for (const [request, detail] of cases) {
      const error = refusal(() => checkUrlValues(request));
      expect(error).toBeInstanceOf(BadRequestException);
      expect(error.message).toBe(detail);
    }
  });
});
