/**
 * The words of the @api scenarios: the console's labels of ../vocabulary.ts (trigger, mode,
 * announcement, …, registered by importing it), and lists of quoted names.
 */
import { defineParameterType } from '@cucumber/cucumber';
import { quotedNames } from '../vocabulary.js';

export { quotedNames } from '../vocabulary.js';

/** `"Billing"`, `"Billing" and "Sales"`, `"A", "B" and "C"`. */
defineParameterType({
  name: 'names',
  regexp: /"[^"]+"(?:(?:, | and )"[^"]+")*/,
  transformer: (list: string) => quotedNames(list),
});

/** The pattern of such a list inside a regular-expression step. */
export const NAMES = '((?:"[^"]+"(?:, | and )?)+)';
