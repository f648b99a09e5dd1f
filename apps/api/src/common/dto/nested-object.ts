import { applyDecorators, type Type } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { Type as TransformType } from 'class-transformer';
import { IsDefined, isObject, ValidateBy, ValidateIf, ValidateNested, type ValidationOptions } from 'class-validator';

/**
 * `@ValidateNested()` alone lets an array through (it validates each item instead), so a nested
 * settings object must also be one object. A missing value is `@IsDefined`'s to report, once.
 */
function IsObjectIfPresent(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isObjectIfPresent',
      validator: {
        validate: (value: unknown) => value === undefined || value === null || isObject(value),
        defaultMessage: () => '$property must be an object',
      },
    },
    options,
  );
}

/**
 * A required nested object of the body, of class `type`: documented as that schema (with `description`),
 * refused when missing or not one object, then checked field by field.
 */
export function NestedObject(type: Type<unknown>, description?: string): PropertyDecorator {
  // In the order the stacked decorators ran before (bottom first): class-validator lists its messages in it.
  return applyDecorators(
    TransformType(() => type),
    ValidateNested(),
    IsObjectIfPresent(),
    IsDefined(),
    ApiProperty(description === undefined ? { type } : { type, description }),
  );
}

/**
 * An optional nested object of the body, of class `type`: absent is allowed (the caller decides what that
 * means); present, it must be one object (null too is refused, not read as absent), then is checked field
 * by field.
 */
export function OptionalNestedObject(type: Type<unknown>, documentation: Omit<ApiPropertyOptions, 'type'>): PropertyDecorator {
  return applyDecorators(
    TransformType(() => type),
    ValidateNested(),
    ValidateBy({
      name: 'isObject',
      validator: {
        validate: (value: unknown) => isObject(value) && !Array.isArray(value),
        defaultMessage: () => '$property must be an object',
      },
    }),
    ValidateIf((_, value) => value !== undefined),
    ApiPropertyOptional({ ...documentation, type } as ApiPropertyOptions),
  );
}
