import type { RouteLocationRaw } from 'vue-router';

/**
 * The shell's navigation. A screen joins this list when it exists (Queue and Individual Recording
 * Defaults, Exclusion List, Simulator, Audit log are still to come): no link leads to a placeholder.
 */
export const NAVIGATION: readonly { readonly label: string; readonly to: RouteLocationRaw; readonly section: string }[] = [
  { label: 'Global Recording Defaults', to: { name: 'global-recording-defaults' }, section: 'recording-defaults' },
];
