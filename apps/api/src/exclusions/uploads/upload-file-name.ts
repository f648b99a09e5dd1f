/** The longest file name kept (the column holds 255 characters; job names and audit rows show it too). */
const MAX_LENGTH = 120;

/**
 * The name an upload is shown and stored under: the client's file name without folders or control
 * characters, shortened in the middle so its extension stays, `upload` when nothing is left.
 */
export function uploadFileName(raw: string | undefined): string {
  const base =
    (raw ?? '')
      .split(/[\\/]/)
      .pop()
      ?.replace(/\p{Cc}/gu, '')
      .trim() ?? '';
  if (base === '') return 'upload';
  if (base.length <= MAX_LENGTH) return base;
  const dot = base.lastIndexOf('.');
  const extension = dot > 0 && base.length - dot <= 10 ? base.slice(dot) : '';
  return `${base.slice(0, MAX_LENGTH - extension.length - 1)}…${extension}`;
}
