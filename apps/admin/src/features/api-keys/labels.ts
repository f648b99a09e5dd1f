export const INTRO =
  'API keys let the telephony side (or another integration) report calls and get recording decisions: they may call /calls and /simulate, and nothing else. Send one as "Authorization: Bearer ak_…".';

export function formatDateTime(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
