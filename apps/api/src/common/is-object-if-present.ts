import { isObject, ValidateBy, type ValidationOptions } from 'class-validator';

/**
 * `@ValidateNested()` alone lets an array through (it validates each item instead), so a nested
 * settings object must also be one object. A missing value is `@IsDefined`'s to report, once.
 */
export function IsObjectIfPresent(options?: ValidationOptions): PropertyDecorator {
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
