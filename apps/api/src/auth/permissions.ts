/** ACC-2: the permission that viewing and changing recording settings requires (the vendor page's name). */
export const EDIT_RECORDING_SETTINGS = 'Edit Call Recording Settings';

/**
 * Opening the job dashboard (`/ops/queues`): every queue of every account, so it belongs to the
 * platform's operators, not to a tenant's admins (the demo admin has it to try the dashboard).
 */
export const OPERATE_JOB_QUEUES = 'Operate Job Queues';

/** ACC-5: seeing the call history (it holds customers' numbers). Holds and erasures need EDIT_RECORDING_SETTINGS as well. */
export const VIEW_CALL_HISTORY = 'View Call History';
