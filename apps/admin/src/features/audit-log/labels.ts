// The actions the API records (ACC-4; apps/api `audit.record(…)` calls), in the console's words.
export const ACTION_LABELS: Readonly<Record<string, string>> = {
  'recording-settings.updated': 'Recording defaults changed',
  'queue.created': 'Queue added',
  'queue.deleted': 'Queue removed',
  'queue.recording-set': 'Queue recording settings customized',
  'queue.recording-reset': 'Queue reset to default',
  'employee.created': 'Employee added',
  'employee.deleted': 'Employee removed',
  'employee.recording-set': 'Employee recording settings customized',
  'employee.recording-reset': 'Employee reset to default',
  'exclusion.added': 'Exclusion List entry added',
  'exclusion.deleted': 'Exclusion List entry deleted',
  'exclusion-upload.created': 'Exclusion List file uploaded',
  'api-key.created': 'API key created',
  'api-key.revoked': 'API key revoked',
};

/** The action filter: prefixes the API's `action` parameter matches (`exclusion.` is not `exclusion-upload.`). */
export const ACTION_FILTERS: readonly { readonly prefix: string; readonly label: string }[] = [
  { prefix: '', label: 'All changes' },
  { prefix: 'recording-settings.', label: 'Recording defaults' },
  { prefix: 'queue.', label: 'Queues' },
  { prefix: 'employee.', label: 'Employees' },
  { prefix: 'exclusion.', label: 'Exclusion List entries' },
  { prefix: 'exclusion-upload.', label: 'Exclusion List uploads' },
  { prefix: 'api-key.', label: 'API keys' },
];

export function actionLabel(action: string): string {
  return ACTION_LABELS[action] ?? action;
}
