import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp } from '../../test/app.js';

const PAGE = '<!doctype html><title>console</title><div id="app"></div>';

describe('the console at / (CONSOLE_DIR)', () => {
  let dir: string;
  let app: NestFastifyApplication;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ccp-console-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), PAGE);
    writeFileSync(join(dir, 'assets', 'index-3f2a.js'), 'console.log("hi")');
    writeFileSync(join(dir, 'favicon.svg'), '<svg/>');
    app = await startApp({ CONSOLE_DIR: dir });
  });
  afterAll(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends the security headers on the console, the API and its docs: never framed, never sniffed, own origin only', async () => {
    for (const url of ['/', '/recording-defaults', '/api/v1/recording-settings', '/health/live', '/api/docs']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      expect(res.headers['referrer-policy'], url).toBe('strict-origin-when-cross-origin');
      expect(res.headers['x-frame-options'], url).toBe('SAMEORIGIN');
      const policy = String(res.headers['content-security-policy']);
      expect(policy, url).toContain("frame-ancestors 'none'");
      expect(policy, url).toContain("default-src 'self'");
      expect(policy, url).toContain("object-src 'none'");
    }
    // The console runs no inline script or style; only the Swagger UI needs inline ones.
    const page = String((await app.inject({ method: 'GET', url: '/' })).headers['content-security-policy']);
    expect(page).toContain("script-src 'self';");
    expect(page).toContain("style-src 'self';");
    const docs = String((await app.inject({ method: 'GET', url: '/api/docs' })).headers['content-security-policy']);
    expect(docs).toContain("style-src 'self' 'unsafe-inline'");
  });

  it('serves index.html at /, to be revalidated on every load', async () => {
    const res = await app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.body).toBe(PAGE);
  });

  it("serves the build's files, hashed assets cached for good", async () => {
    const script = await app.inject({ method: 'GET', url: '/assets/index-3f2a.js' });
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toContain('javascript');
    expect(script.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(script.body).toBe('console.log("hi")');
    expect((await app.inject({ method: 'GET', url: '/favicon.svg' })).headers['cache-control']).toBe('no-cache');
  });

  it.each(['/recording-defaults', '/login?next=%2Frecording-defaults', '/access/feature-not-enabled'])(
    'answers the page for the client-side route %s (a reload or a bookmark)',
    async (url) => {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(200);
      expect(res.body).toBe(PAGE);
    },
  );

  it('answers a missing file with 404, not the page (a script tag must not get HTML)', async () => {
    const res = await app.inject({ method: 'GET', url: '/assets/gone-1234.js' });
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain('<title>console');
  });

  it.each(['/api/v1/no-such-thing', '/api', '/health/nothing', '/metrics/x', '/ops/nothing'])(
    "leaves the API's own path %s to the API: a 404 problem",
    async (url) => {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
      expect(res.json()).toMatchObject({ status: 404 });
    },
  );

  it('still serves the API, its docs and health beside the console', async () => {
    expect((await app.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/docs/openapi.json' })).json().openapi).toMatch(/^3\./);
    expect((await app.inject({ method: 'GET', url: '/api/v1/me' })).statusCode).toBe(401);
  });

  it('does not answer other methods with the page', async () => {
    const res = await app.inject({ method: 'POST', url: '/recording-defaults', payload: {} });
    expect(res.statusCode).toBe(404);
  });
});

describe('without a console (CONSOLE_DIR=off)', () => {
  let app: NestFastifyApplication;
  beforeAll(async () => {
    app = await startApp({ CONSOLE_DIR: 'off' });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('answers / with a 404 problem, as any unknown path', async () => {
    const res = await app.inject({ method: 'GET', url: '/recording-defaults' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
  });
});
