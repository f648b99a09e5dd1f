import type { VueWrapper } from '@vue/test-utils';

/** A mounted view, or a part of it. */
type Within = Pick<VueWrapper, 'find' | 'findAll'>;

/** The button a person names: its aria-label, else its text. */
export function buttonNamed(within: Within, name: string) {
  const found = within.findAll('button').find((b) => (b.attributes('aria-label') ?? b.text()) === name);
  if (!found) throw new Error(`no button named ${name}`);
  return found;
}

/** The radio button whose label reads `label`. */
export function radioLabelled(within: Within, label: string) {
  const input = within.findAll('input[type="radio"]').find((r) => within.find(`label[for="${r.attributes('id')}"]`).text() === label);
  if (!input) throw new Error(`no radio labelled ${label}`);
  return input;
}

/** The rows of the tables' bodies, each as the texts of its cells (row headers included). */
export function tableRows(within: Within): string[][] {
  return within.findAll('tbody tr').map((tr) => tr.findAll('th, td').map((c) => c.text()));
}
