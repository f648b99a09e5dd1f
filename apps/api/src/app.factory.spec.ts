import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp } from '../test/app.js';
import { createApp } from './app.factory.js';
import { InvalidEnvironmentError } from './config/env.js';

describe('createApp', () => {
  let app: NestFastifyApplication;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('answers an unknown route with a 404 problem that carries the request id', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/no-such-thing' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    const body = res.json();
    expect(body).toMatchObject({ type: 'https://ccp.example/problems/not-found', title: 'Not Found', status: 404 });
    expect(body.detail).toContain('/api/v1/no-such-thing');
    expect(body.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers['x-request-id']).toBe(body.requestId);
  });

  it("echoes the caller's x-request-id, in the header and in the problem", async () => {
    const res = await app.inject({ method: 'GET', url: '/nowhere', headers: { 'x-request-id': 'lb-7f3a.42' } });
    expect(res.headers['x-request-id']).toBe('lb-7f3a.42');
    expect(res.json().requestId).toBe('lb-7f3a.42');
  });

  it('replaces an x-request-id that is not fit to log with its own', async () => {
    const res = await app.inject({ method: 'GET', url: '/health/live', headers: { 'x-request-id': 'a b\nforged log line' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves health and metrics outside /api/v1, and nothing else there', async () => {
    expect((await app.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/v1/health/live' })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/api/v1/metrics' })).statusCode).toBe(404);
  });

  it('serves the OpenAPI document at /api/docs/openapi.json, with the bearer schemes for tokens and for API keys', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/docs/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.info).toMatchObject({ title: 'Call recording policy API', version: '1.0' });
    expect(doc.info.description).toContain('problem details');
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.components.securitySchemes.apiKey.description).toContain('ak_');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/health/live', '/health/ready', '/metrics']));
  });

  it('serves the browsable docs at /api/docs', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/docs' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('swagger-ui');
  });
});

describe('createApp with a bad environment', () => {
  it('refuses to start, naming each bad variable and why', async () => {
    const attempt = createApp({ PORT: 'eighty', REDIS_URL: 'localhost:6379', LOG_LEVEL: 'loud' });
    await expect(attempt).rejects.toThrow(InvalidEnvironmentError);
    await expect(attempt).rejects.toThrow(
      'Invalid environment: PORT must be an integer from 0 to 65535 (got "eighty"); ' +
        'REDIS_URL must be a redis:// or rediss:// URL (got "localhost:6379"); ' +
        'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "loud")',
    );
  });
});
