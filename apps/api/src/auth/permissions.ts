/** ACC-2: the permission that viewing and changing recording settings requires (the vendor page's name). */
export const EDIT_RECORDING_SETTINGS = 'Edit Call Recording Settings';
