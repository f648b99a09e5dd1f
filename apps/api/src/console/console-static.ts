import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';

/** Paths the API owns (api.md): never answered with the console, so a wrong API URL still gets its 404 problem. */
const API_OWNED = /^\/(?:api|health|metrics|ops)(?:\/|$)/;

/** A path whose last segment has an extension asks for a file: a missing one is a 404, not the page (a script tag must not get HTML). */
const LOOKS_LIKE_A_FILE = /\/[^/]*\.[^/]*$/;

/** Where the built console is, if it is there: `index.html` is what makes a folder a console. */
export function consoleRoot(dir: string | null): string | null {
  return dir !== null && existsSync(join(dir, 'index.html')) ? dir : null;
}

/**
 * Serves the built console (apps/admin) at `/` on the API's own origin (api.md, Configuration): its
 * files as they are, and `index.html` for every other GET outside the API's paths, so a reload of
 * `/recording-defaults` opens the page and the router takes it from there.
 *
 * The files are listed once, at start (`wildcard: false`), and `index.html` is read once: a rebuilt
 * console is picked up by the next start. That keeps URLs from ever being mapped onto the disk by hand.
 */
export async function serveConsole(app: NestFastifyApplication, dir: string): Promise<void> {
  const indexHtml = readFileSync(join(dir, 'index.html'));
  // Encapsulated, and without `reply.sendFile`: the Swagger UI registers @fastify/static too.
  await app.register(async (scope: FastifyInstance) => {
    await scope.register(fastifyStatic, {
      root: dir,
      prefix: '/',
      wildcard: false,
      decorateReply: false,
      cacheControl: false,
      setHeaders: (reply, path) => {
        // Vite puts a content hash in every name under assets/: those never change; the page must be revalidated.
        reply.header('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
    scope.get('/*', (request, reply) => {
      const path = request.url.split('?', 1)[0] ?? '/';
      if (API_OWNED.test(path) || LOOKS_LIKE_A_FILE.test(path)) return reply.callNotFound();
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(indexHtml);
    });
  });
}
