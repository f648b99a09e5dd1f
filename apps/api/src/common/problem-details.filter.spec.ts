import { Body, Controller, Get, Module, Param, Post } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Type } from 'class-transformer';
import { IsArray, IsIn, IsString, ValidateNested } from 'class-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LogCapture, startApp } from '../../test/app.js';
import { Access } from '../auth/access.decorator.js';
import {
  ApiKeyNotAllowed,
  FeatureNotEnabled,
  MissingPermission,
  NotFound,
  PreconditionRequired,
  RuleViolation,
  ServiceUnavailable,
  Unauthenticated,
  ValidationFailed,
  VersionConflict,
} from './errors.js';

// A throwaway controller, mounted only here, that throws what feature modules will throw.

class QueueDefaultDto {
  @IsIn(['never', 'always', 'manual'])
  mode: string;
}

class RowDto {
  @IsString()
  entry: string;
}

class SettingsDto {
  @IsIn(['on-ring', 'on-connect'])
  trigger: string;

  @ValidateNested()
  @Type(() => QueueDefaultDto)
  queueDefault: QueueDefaultDto;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => RowDto)
  rows: RowDto[];
}

const THROWN: Record<string, () => Error> = {
  'not-found': () => new NotFound('Queue q-9 was not found'),
  'version-conflict': () => new VersionConflict('3', '4'),
  'precondition-required': () => new PreconditionRequired(),
  'feature-not-enabled': () => new FeatureNotEnabled(),
  'missing-permission': () => new MissingPermission('Edit Call Recording Settings'),
  unauthenticated: () => new Unauthenticated(),
  'api-key-not-allowed': () => new ApiKeyNotAllowed(),
  'rule-violation': () => new RuleViolation('GLB-5', 'Switching to On Call Connected needs "confirmSwitchToOnConnect": true'),
  'validation-failed': () => new ValidationFailed([{ path: 'entry', message: 'not a phone number' }]),
  'service-unavailable': () => new ServiceUnavailable(),
  crash: () => new Error('connection string postgresql://admin:hunter2@db'),
};

@Access('public')
@Controller('probe')
class ProbeController {
  @Post('settings')
  settings(@Body() body: SettingsDto) {
    return { trigger: body.trigger, isDto: body instanceof SettingsDto };
  }

  @Get('throw/:kind')
  throw(@Param('kind') kind: string): never {
    throw (THROWN[kind] ?? THROWN.crash)?.();
  }
}

@Module({ controllers: [ProbeController] })
class ProbeModule {}

const valid = { trigger: 'on-ring', queueDefault: { mode: 'manual' }, rows: [{ entry: '+14155550100' }] };

describe('ProblemDetailsFilter', () => {
  let app: NestFastifyApplication;
  const log = new LogCapture();
  beforeAll(async () => {
    app = await startApp({ LOG_LEVEL: 'info' }, { imports: [ProbeModule], logStream: log });
  });
  afterAll(async () => {
    await app?.close();
  });

  const post = (payload: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
    app.inject({ method: 'POST', url: '/api/v1/probe/settings', payload, headers });

  it('lets a valid body through, transformed into its DTO', async () => {
    const res = await post(JSON.stringify(valid));
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ trigger: 'on-ring', isDto: true });
  });

  it('answers malformed JSON with a 400 problem', async () => {
    const res = await post('{"trigger": "on-ring",');
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(res.json()).toEqual({
      type: 'https://ccp.example/problems/malformed-body',
      title: 'Malformed body',
      status: 400,
      detail: 'The request body is not valid JSON',
      requestId: res.headers['x-request-id'],
    });
  });

  it('answers an empty JSON body with a 400 problem', async () => {
    const res = await post('');
    expect(res.statusCode).toBe(400);
    expect(res.json().type).toBe('https://ccp.example/problems/malformed-body');
  });

  it('answers a body over the limit with a 413 problem', async () => {
    const res = await post(JSON.stringify({ ...valid, padding: 'x'.repeat(1024 * 1024) }));
    expect(res.statusCode).toBe(413);
    expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(res.json().type).toBe('https://ccp.example/problems/payload-too-large');
  });

  it('answers a body of an unsupported media type with a 415 problem', async () => {
    const res = await post('trigger=on-ring', { 'content-type': 'application/xml' });
    expect(res.statusCode).toBe(415);
    expect(res.json().type).toBe('https://ccp.example/problems/unsupported-media-type');
  });

  it('answers an invalid body with 422 and one error per field, nested paths dotted', async () => {
    const res = await post(JSON.stringify({ trigger: 'sometimes', queueDefault: { mode: 'loud' }, rows: [{ entry: '1' }, { entry: 7 }] }));
    expect(res.statusCode).toBe(422);
    const body = res.json();
    expect(body).toMatchObject({ type: 'https://ccp.example/problems/validation-failed', status: 422, detail: '3 fields are not valid' });
    expect(body.errors).toEqual([
      { path: 'trigger', message: 'trigger must be one of the following values: on-ring, on-connect' },
      { path: 'queueDefault.mode', message: 'mode must be one of the following values: never, always, manual' },
      { path: 'rows.1.entry', message: 'entry must be a string' },
    ]);
    expect(body.requestId).toBe(res.headers['x-request-id']);
  });

  it('refuses properties the DTO does not declare, naming them', async () => {
    const res = await post(JSON.stringify({ ...valid, recordEverything: true, queueDefault: { mode: 'manual', volume: 11 } }));
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([
      { path: 'recordEverything', message: 'property recordEverything should not exist' },
      { path: 'queueDefault.volume', message: 'property volume should not exist' },
    ]);
  });

  it.each([
    ['not-found', 404, { detail: 'Queue q-9 was not found' }],
    ['version-conflict', 412, { detail: 'If-Match names revision 3, but the current revision is 4; read it again and retry' }],
    ['precondition-required', 428, { detail: 'Send If-Match with the revision you read' }],
    ['feature-not-enabled', 403, {}],
    ['missing-permission', 403, { detail: 'This needs the permission "Edit Call Recording Settings"' }],
    ['unauthenticated', 401, {}],
    ['api-key-not-allowed', 403, {}],
    ['rule-violation', 422, { rule: 'GLB-5', detail: 'Switching to On Call Connected needs "confirmSwitchToOnConnect": true' }],
    ['validation-failed', 422, { errors: [{ path: 'entry', message: 'not a phone number' }] }],
    ['service-unavailable', 503, {}],
  ])('maps the domain error %s to %i with its problem type', async (kind, status, extra) => {
    const res = await app.inject({ method: 'GET', url: `/api/v1/probe/throw/${kind}` });
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    const body = res.json();
    expect(body).toMatchObject({ type: `https://ccp.example/problems/${kind}`, status, ...extra });
    expect(body.title).toEqual(expect.any(String));
    expect(body.detail).toEqual(expect.any(String));
    expect(body.requestId).toBe(res.headers['x-request-id']);
  });

  it('asks for a bearer token on 401', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/probe/throw/unauthenticated' });
    expect(res.headers['www-authenticate']).toBe('Bearer');
  });

  it('answers an unexpected error with a generic 500 that leaks nothing, and logs it with the request id and stack', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/probe/throw/crash', headers: { 'x-request-id': 'crash-1' } });
    expect(res.statusCode).toBe(500);
    const body = res.json();
    expect(body).toEqual({
      type: 'https://ccp.example/problems/internal-error',
      title: 'Internal Server Error',
      status: 500,
      detail: 'Something went wrong on our side; quote the request id if you report it',
      requestId: 'crash-1',
    });
    expect(res.body).not.toContain('hunter2');
    const logged = log.lines.find((line) => line.requestId === 'crash-1' && line.level === 50);
    expect(logged).toMatchObject({
      msg: 'request failed',
      err: { message: 'connection string postgresql://admin:hunter2@db', stack: expect.stringContaining('problem-details.filter.spec.ts') },
    });
  });

  it('does not log client errors as failures', async () => {
    await app.inject({ method: 'GET', url: '/api/v1/probe/throw/not-found', headers: { 'x-request-id': 'client-1' } });
    expect(log.lines.filter((line) => line.requestId === 'client-1' && Number(line.level) >= 40)).toEqual([]);
  });
});
