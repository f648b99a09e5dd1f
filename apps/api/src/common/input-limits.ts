import { BadRequestException } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest, RawServerDefault } from 'fastify';
import { ValidationFailed } from './errors.js';

/**
 * Our deepest body (a scenario) nests about 6 levels. class-transformer recurses once per level and
 * overflows the stack at about 2,000, which answered 500 to anyone, before authentication.
 */
export const MAX_BODY_DEPTH = 64;

const NUL = '\u0000';
const NUL_MESSAGE = 'NUL characters are not allowed';
const MAX_SHOWN_PATH = 80;

/** A NUL in the body: 422 like any other field the API refuses, with `detail` naming the field. */
class NulInBody extends ValidationFailed {
  constructor(path: string) {
    super([{ path, message: NUL_MESSAGE }]);
    this.message = `${path}: ${NUL_MESSAGE}`;
  }
}

/** Dotted like `FieldError.path` (`events.0.type`); a NUL in a key is shown escaped, never sent back raw. */
const dotted = (path: readonly (string | number)[]): string =>
  path.length === 0 ? '(the whole body)' : path.map((key) => String(key).replaceAll(NUL, '\\u0000')).join('.');

/**
 * Throws when a parsed JSON body nests deeper than MAX_BODY_DEPTH (400) or holds a NUL in a key or a
 * string (422; SQLite and PostgreSQL cannot store it). The recursion is bounded by the depth it checks.
 */
export function checkJsonBody(body: unknown): void {
  const path: (string | number)[] = [];
  const visit = (node: unknown, depth: number): void => {
    if (typeof node === 'string') {
      if (node.includes(NUL)) throw new NulInBody(dotted(path));
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    if (depth > MAX_BODY_DEPTH) {
      const at = dotted(path);
      throw new BadRequestException(
        `The body nests deeper than ${MAX_BODY_DEPTH} levels (at ${at.length > MAX_SHOWN_PATH ? `${at.slice(0, MAX_SHOWN_PATH)}…` : at})`,
      );
    }
    if (Array.isArray(node)) {
      for (let index = 0; index < node.length; index++) {
        path.push(index);
        visit(node[index], depth + 1);
        path.pop();
      }
      return;
    }
    for (const key of Object.keys(node)) {
      path.push(key);
      if (key.includes(NUL)) throw new NulInBody(dotted(path));
      visit((node as Record<string, unknown>)[key], depth + 1);
      path.pop();
    }
  };
  visit(body, 1);
}

/** Path parameters and query values reach database queries as they are: a NUL there was a 500 on SQLite. */
export function checkUrlValues(request: Pick<FastifyRequest, 'params' | 'query'>): void {
  for (const [where, values] of [
    ['path parameter', request.params],
    ['query parameter', request.query],
  ] as const) {
    if (typeof values !== 'object' || values === null) continue;
    for (const [name, value] of Object.entries(values)) {
      const held = Array.isArray(value) ? value : [value];
      if (name.includes(NUL) || held.some((one) => typeof one === 'string' && one.includes(NUL)))
        throw new BadRequestException(`The ${where} "${name.replaceAll(NUL, '\\u0000')}": ${NUL_MESSAGE}`);
    }
  }
}

/**
 * Replaces the JSON body parser with Fastify's own (same body limit, same refusal of `__proto__` and
 * `constructor.prototype` keys) followed by `checkJsonBody`, so no controller, pipe or class-transformer
 * sees such a body; and refuses a NUL in path parameters and query values before any guard runs.
 * Call it before `app.init()`, which would register Nest's default JSON parser instead.
 */
export function applyInputLimits(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  const { bodyLimit, onProtoPoisoning, onConstructorPoisoning } = fastify.initialConfig;
  const parseJson = fastify.getDefaultJsonParser(onProtoPoisoning ?? 'error', onConstructorPoisoning ?? 'error');
  app.useBodyParser<RawServerDefault>('application/json', { bodyLimit }, (request, body, done) => {
    parseJson(request, body.toString(), (error: Error | null, parsed?: unknown) => {
      if (error) return done(error, undefined);
      try {
        checkJsonBody(parsed);
      } catch (refusal) {
        return done(refusal as Error, undefined);
      }
      done(null, parsed);
    });
  });
  fastify.addHook('onRequest', async (request) => {
    checkUrlValues(request);
  });
}
