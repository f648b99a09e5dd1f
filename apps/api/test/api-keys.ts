import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** Creates an API key as the person of `authorization` and returns its `Authorization` header value (`Bearer ak_…`). */
export async function createApiKey(app: NestFastifyApplication, authorization: string, name = 'telephony'): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/api-keys', payload: { name }, headers: { authorization } });
  if (res.statusCode !== 201) throw new Error(`creating API key "${name}": ${res.statusCode} ${res.body}`);
  return `Bearer ${res.json().key}`;
}
