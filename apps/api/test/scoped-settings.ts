import type { ApiTestbed } from './testbed.js';

/** The routes queues and employees share (`/api/v1/queues`, `/api/v1/employees`), as the demo admin unless `as` is given. */
export function scopeRoutes(bed: ApiTestbed, base: string) {
  return {
    post: (payload: object, as?: string) => bed.request('POST', base, { payload, as }),
    putRecording: (id: string, payload: object, ifMatch?: string, as?: string) =>
      bed.request('PUT', `${base}/${id}/recording`, { payload, ifMatch, as }),
    resetRecording: (id: string, ifMatch?: string, as?: string) => bed.request('DELETE', `${base}/${id}/recording`, { ifMatch, as }),
    remove: (id: string, ifMatch?: string, as?: string) => bed.request('DELETE', `${base}/${id}`, { ifMatch, as }),
    one: async (id: string) => (await bed.get(`${base}/${id}`)).json(),
  };
}

/** PUTs the global settings `settings` at their current revision. */
export async function putGlobalSettings(bed: ApiTestbed, settings: object): Promise<Awaited<ReturnType<ApiTestbed['request']>>> {
  const url = '/api/v1/recording-settings';
  const revision = (await bed.get(url)).json().revision;
  return bed.request('PUT', url, { payload: settings, ifMatch: `"${revision}"` });
}
