import type { LoggerService } from '@nestjs/common';

type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

/** What is used of a pino logger (Fastify's `request.log` and the worker's `pino()` alike). */
export type LevelLogger = Record<Level, (fields: object, message?: string) => void>;

/**
 * Nest's own messages (start-up, `new Logger(...)` in services, terminus) written through pino, so a
 * process logs one structured stream at one LOG_LEVEL.
 */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly pino: LevelLogger) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }

  /**
   * Nest passes `(message, ...extra, context)`; for `error`, `extra` is the stack when there is one.
   * One plain object of extra fields joins the line's fields; anything else goes under `extra`.
   */
  private write(level: Level, message: unknown, params: unknown[]): void {
    const rest = [...params];
    const context = rest.length > 0 && typeof rest.at(-1) === 'string' ? (rest.pop() as string) : undefined;
    const fields: Record<string, unknown> = { context };
    if (level === 'error' && typeof rest[0] === 'string') fields.stack = rest.shift();
    const extra = rest.filter((p) => p !== undefined);
    if (extra.length === 1 && typeof extra[0] === 'object' && extra[0] !== null && !(extra[0] instanceof Error)) {
      Object.assign(fields, extra[0]);
    } else if (extra.length > 0) fields.extra = extra;
    if (message instanceof Error) this.pino[level]({ ...fields, err: message }, message.message);
    else if (typeof message === 'string') this.pino[level](fields, message);
    else this.pino[level]({ ...fields, data: message });
  }
}
