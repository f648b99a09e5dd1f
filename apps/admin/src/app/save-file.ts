/** A file the API sent, ready to be saved by the browser. */
export interface DownloadedFile {
  readonly blob: Blob;
  readonly fileName: string;
}

/**
 * Saves a file fetched with the session's token: the browser cannot send the bearer token on a plain
 * link, so the console fetches the file itself and hands it over through a temporary object URL.
 */
export function saveFile(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked on the next task: the download has started from the click by then.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
