import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { NestPinoLogger } from './nest-pino-logger.js';

/** A NestPinoLogger over a real pino writing JSON lines into `lines`. */
function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: new NestPinoLogger(pino({ level: 'trace' }, stream)) };
}

describe('NestPinoLogger: Nest messages as pino lines', () => {
  it('keeps the level, the message and the context Nest passes last', () => {
    const { lines, logger } = capture();
    logger.log('Nest application successfully started', 'NestApplication');
    logger.warn('Redis does not answer', 'Redis');
    logger.verbose('details', 'Deep');
    expect(lines).toMatchObject([
      { level: 30, msg: 'Nest application successfully started', context: 'NestApplication' },
      { level: 40, msg: 'Redis does not answer', context: 'Redis' },
      { level: 10, msg: 'details', context: 'Deep' },
    ]);
  });

  it('puts the stack of an error in its own field, and an Error as `err`', () => {
    const { lines, logger } = capture();
    logger.error('import failed', 'Error: boom\n    at run (import.ts:1:1)', 'ExclusionImports');
    logger.error(new Error('lost connection'), 'Database');
    expect(lines[0]).toMatchObject({
      level: 50,
      msg: 'import failed',
      stack: expect.stringContaining('at run'),
      context: 'ExclusionImports',
    });
    expect(lines[1]).toMatchObject({ level: 50, msg: 'lost connection', context: 'Database', err: { message: 'lost connection' } });
  });

  it('adds one object of fields to the line, and keeps other extras apart', () => {
    const { lines, logger } = capture();
    logger.log('imported', { uploadId: 'u-1', rows: 3 }, 'ExclusionImports');
    logger.log('two extras', 1, 'two', 'Ctx');
    logger.log({ shape: 'an object as the message' });
    expect(lines[0]).toMatchObject({ msg: 'imported', uploadId: 'u-1', rows: 3, context: 'ExclusionImports' });
    expect(lines[1]).toMatchObject({ msg: 'two extras', extra: [1, 'two'], context: 'Ctx' });
    expect(lines[2]).toMatchObject({ data: { shape: 'an object as the message' } });
  });
});
