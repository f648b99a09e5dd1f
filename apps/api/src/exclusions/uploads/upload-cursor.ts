import type { UploadPosition } from '@ccp/imports';
import { isUuid } from '../../common/uuid.js';

/**
 * The cursor of `GET /exclusions/uploads` pages: the last upload of a page, by `(createdAt, id)`
 * (newest first), base64url so clients treat it as opaque.
 */
export function encodeUploadCursor(position: UploadPosition): string {
  return Buffer.from(`${position.createdAt.getTime()}.${position.id}`, 'utf8').toString('base64url');
}

/** The position a cursor stands for, or undefined when it is not the `nextCursor` of a page. */
export function decodeUploadCursor(cursor: string): UploadPosition | undefined {
  if (!/^[A-Za-z0-9_-]{1,80}$/.test(cursor)) return undefined;
  const match = /^(\d{1,15})\.(.+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match || !isUuid(match[2] as string)) return undefined;
  const position = { createdAt: new Date(Number(match[1])), id: match[2] as string };
  // Strict round trip: Buffer's base64url decoder skips what it does not understand.
  return encodeUploadCursor(position) === cursor ? position : undefined;
}
