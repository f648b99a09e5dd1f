import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** Creates an API key as the person of `authorization` and returns its `Authorization` header value (`Bearer ak_…`). */
export async function createApiKey(app: NestFastifyApplication, authorization: string, name = 'telephony'): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/api-keys', payload: { name }, headers: { authorization } });
  if (res.statusCode !== 201) throw new Error(`creating API key "${name}": ${res.statusCode} ${res.body}`);
  return `Bearer ${res.json().key}`;
}

/** Revokes, as the person of `authorization`, the API key named `name`; the answer to the DELETE. */
export async function revokeApiKey(app: NestFastifyApplication, authorization: string, name: string) {
  const keys = (await app.inject({ method: 'GET', url: '/api/v1/api-keys', headers: { authorization } })).json();
  const id = keys.find((key: { name: string }) => key.name === name).id;
  return app.inject({ method: 'DELETE', url: `/api/v1/api-keys/${id}`, headers: { authorization } });
}
