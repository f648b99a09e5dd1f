import type { RouteLocationRaw } from 'vue-router';

/**
 * The shell's navigation. A screen joins this list when it exists: no link leads to a placeholder.
 * `access` says who sees the link: `recording` (ACC-1, ACC-2) or `history` (ACC-1, ACC-5), as the route's meta.
 */
export const NAVIGATION: readonly {
  readonly label: string;
  readonly to: RouteLocationRaw;
  readonly section: string;
  readonly access: 'recording' | 'history';
}[] = [
  { label: 'Global Recording Defaults', to: { name: 'global-recording-defaults' }, section: 'recording-defaults', access: 'recording' },
  { label: 'Queue Recording Defaults', to: { name: 'queue-recording-defaults' }, section: 'recording-defaults', access: 'recording' },
  {
    label: 'Individual Recording Defaults',
    to: { name: 'individual-recording-defaults' },
    section: 'recording-defaults',
    access: 'recording',
  },
  { label: 'Exclusion List', to: { name: 'exclusion-list' }, section: 'recording-defaults', access: 'recording' },
  { label: 'Simulator', to: { name: 'simulator' }, section: 'tools', access: 'recording' },
  { label: 'Audit log', to: { name: 'audit-log' }, section: 'tools', access: 'recording' },
  { label: 'API keys', to: { name: 'api-keys' }, section: 'tools', access: 'recording' },
  { label: 'Call history', to: { name: 'call-history' }, section: 'history', access: 'history' },
];
