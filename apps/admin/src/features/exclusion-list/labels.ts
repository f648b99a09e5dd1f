// The vendor page's words (seed/call-recording-settings.txt, "Manage your Exclusion List").

export const INTRO =
  'An Exclusion List allows you to exclude specific numbers or area codes from call recording. You can add numbers manually or upload them in bulk using a CSV or .xlsx file.';

export const UPLOAD_MODE_CHOICES: readonly { value: 'add' | 'replace'; label: string; description: string }[] = [
  {
    value: 'add',
    label: 'Add to the existing numbers and area codes',
    description: 'The valid rows of the file join the list; entries already on it are counted as duplicates.',
  },
  {
    value: 'replace',
    label: 'Replace the existing numbers and area codes entirely',
    description: 'The valid rows of the file become the whole list; every entry not in the file is removed.',
  },
];

export const UPLOAD_STATUS_LABELS: Readonly<Record<string, string>> = {
  queued: 'Waiting for the import to start…',
  running: 'Importing…',
  done: 'Import finished',
  failed: 'Import failed: the list was left as it was',
};

export const EXPORT_FORMAT_LABELS: Readonly<Record<'csv' | 'xlsx', string>> = { csv: 'CSV', xlsx: 'XLSX' };

/** `2025-01-02T03:04:05Z` as the admin's locale writes a date and time. */
export function formatDateTime(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
