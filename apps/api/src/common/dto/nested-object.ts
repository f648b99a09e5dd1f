import { applyDecorators, type Type } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Type as TransformType } from 'class-transformer';
import { IsDefined, isObject, ValidateBy, ValidateNested, type ValidationOptions } from 'class-validator';

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
