import type { RouteLocationRaw } from 'vue-router';

/**
 * The shell's navigation. A screen joins this list when it exists: no link leads to a placeholder.
 */
export const NAVIGATION: readonly { readonly label: string; readonly to: RouteLocationRaw; readonly section: string }[] = [
  { label: 'Global Recording Defaults', to: { name: 'global-recording-defaults' }, section: 'recording-defaults' },
  { label: 'Queue Recording Defaults', to: { name: 'queue-recording-defaults' }, section: 'recording-defaults' },
  { label: 'Individual Recording Defaults', to: { name: 'individual-recording-defaults' }, section: 'recording-defaults' },
  { label: 'Exclusion List', to: { name: 'exclusion-list' }, section: 'recording-defaults' },
  { label: 'Simulator', to: { name: 'simulator' }, section: 'tools' },
  { label: 'Audit log', to: { name: 'audit-log' }, section: 'tools' },
];
