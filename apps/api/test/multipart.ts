import { randomUUID } from 'node:crypto';

export interface FormPart {
  readonly name: string;
  readonly value: string | Buffer;
  /** Makes the part a file. */
  readonly fileName?: string;
  readonly contentType?: string;
}

/** A `multipart/form-data` body for `app.inject()`, as a browser's form sends it. */
export function multipartForm(parts: readonly FormPart[]): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----ccp-test-${randomUUID()}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition = `form-data; name="${part.name}"${part.fileName === undefined ? '' : `; filename="${part.fileName}"`}`;
    const type = part.fileName === undefined ? '' : `Content-Type: ${part.contentType ?? 'application/octet-stream'}\r\n`;
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${type}\r\n`),
      Buffer.from(part.value),
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
