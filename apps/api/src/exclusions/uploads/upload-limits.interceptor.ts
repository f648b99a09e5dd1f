import { formatBytes, MAX_UPLOAD_BYTES } from '@ccp/imports';
import {
  BadRequestException,
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
  PayloadTooLargeException,
} from '@nestjs/common';
import { catchError, type Observable, throwError } from 'rxjs';
import { ValidationFailed } from '../../common/errors.js';

/**
 * Says what the multipart parser's refusals mean for an upload: a file over the limit is 413 naming
 * the limit (EXC-8); a second file, or a file in another field, is 422 naming the field. Bound before
 * the `FileInterceptor`, so it sees that interceptor's errors.
 */
@Injectable()
export class UploadLimitsInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(catchError((error: unknown) => throwError(() => explain(error))));
  }
}

function explain(error: unknown): unknown {
  if (error instanceof PayloadTooLargeException) {
    return new PayloadTooLargeException(
      `The file is larger than ${formatBytes(MAX_UPLOAD_BYTES)}, the most one upload may be: split it, or remove columns other than the numbers`,
    );
  }
  if (error instanceof BadRequestException) {
    const unexpected = /^(?:Unexpected file field|Too many files)(?: - (.+))?$/.exec(error.message);
    if (unexpected) {
      const field = unexpected[1] ?? 'file';
      return new ValidationFailed([
        {
          path: field,
          message: field === 'file' ? 'send one file in the file field' : `${field} is not a field of an upload: send the file as file`,
        },
      ]);
    }
  }
  return error;
}
