import helmet from '@fastify/helmet';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/**
 * Security headers on every answer (issue 13, hardening), by @fastify/helmet: the console and the API
 * are never framed (clickjacking), never sniffed into another type, and send no referrer to other
 * origins. The Content-Security-Policy allows only this origin: the console is one bundled script
 * (Vite) that talks to its own API; Vue and Chart.js set styles through the CSSOM, which CSP allows.
 * The Swagger UI at /api/docs writes inline styles and data: images, so its pages allow those.
 */
export async function applySecurityHeaders(app: NestFastifyApplication, docsPath: string): Promise<void> {
  const self = ["'self'"];
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: self,
        scriptSrc: self,
        styleSrc: self,
        imgSrc: [...self, 'data:'],
        fontSrc: self,
        connectSrc: self,
        objectSrc: ["'none'"],
        baseUri: self,
        formAction: self,
        frameAncestors: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    // Cross-origin isolation would stop an integrator's own tools from reading the OpenAPI document.
    crossOriginEmbedderPolicy: false,
    crossOriginResourcePolicy: { policy: 'same-site' },
  });
  const docs = `/${docsPath.replace(/^\/+/, '')}`;
  const docsPolicy =
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
    "connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onSend', async (request, reply) => {
      if (request.url === docs || request.url.startsWith(`${docs}/`) || request.url.startsWith(`${docs}?`)) {
        reply.header('content-security-policy', docsPolicy);
      }
    });
}
