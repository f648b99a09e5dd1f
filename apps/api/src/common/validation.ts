import { ValidationPipe } from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import { type FieldError, ValidationFailed } from './errors.js';

/** class-validator's error tree as a flat list, one entry per broken constraint, nested paths dotted (`queueDefault.mode`, `rows.3.entry`). */
export function toFieldErrors(errors: readonly ValidationError[], parent?: string): FieldError[] {
  return errors.flatMap((error) => {
    const path = parent === undefined ? error.property : `${parent}.${error.property}`;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ path, message }));
    return [...own, ...toFieldErrors(error.children ?? [], path)];
  });
}

/** The global pipe: request shape at the edge (STYLE.md, Validation); its refusals are `ValidationFailed` (422). */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => new ValidationFailed(toFieldErrors(errors)),
  });
}
