import { announcementLabel, type ModeSetting, modeLabel } from './labels';

/** One part of a scope's settings: a queue's is the whole (`''`), an employee's are `inbound` and `outbound`. */
export interface SettingPart {
  readonly path: '' | 'inbound' | 'outbound';
  /** Put before each setting's name (`Inbound: Call Recording Default`). */
  readonly label?: string;
  /** The default's card: its heading's element id, heading and what it applies to. */
  readonly card: { readonly id: string; readonly title: string; readonly description: string };
}

/** What tells the queue screen from the individual one: their words, their element ids and how their settings are split. */
export interface ScopeScreen<Item> {
  /** Prefix of the custom settings' element ids: `queue`, `employee`. */
  readonly id: string;
  /** Prefix of the defaults' element ids: `queue`, `individual`. */
  readonly defaultsId: string;
  readonly defaultKey: 'queueDefault' | 'individualDefault';
  readonly parts: readonly SettingPart[];
  readonly title: string;
  readonly intro: string;
  readonly loading: string;
  /** The `scope` of the On Call Connected notice. */
  readonly onConnectScope: string;
  readonly defaultSaved: string;
  /** What an item without custom settings follows: `the queue default`. */
  readonly follows: string;
  readonly customsTitle: string;
  readonly customsIntro: string;
  readonly columns: readonly string[];
  readonly empty: string;
  /** The button, and the editor's title, that customize an item following the default. */
  readonly customize: string;
  readonly targetLabel: string;
  candidate(item: Item): string;
  detail?(item: Item): string;
}

type Whole = ModeSetting | { readonly inbound: ModeSetting; readonly outbound: ModeSetting };
type PartialWhole = Partial<ModeSetting> | { readonly inbound?: Partial<ModeSetting>; readonly outbound?: Partial<ModeSetting> };

export function partOf<T>(whole: T | { readonly inbound?: T; readonly outbound?: T }, path: SettingPart['path']): T {
  return path === '' ? (whole as T) : ((whole as { readonly inbound?: T; readonly outbound?: T })[path] as T);
}

function prefix(part: SettingPart): string {
  return part.label ? `${part.label}: ` : '';
}

/** The settings as the custom settings form edits them: by part path. */
export function valuesOf(parts: readonly SettingPart[], whole: Whole): Record<string, ModeSetting> {
  return Object.fromEntries(parts.map((part) => [part.path, partOf<ModeSetting>(whole, part.path)]));
}

/** The form's values as the API's body, or null while a part is missing. */
export function wholeOf<Custom>(parts: readonly SettingPart[], values: Record<string, ModeSetting>): Custom | null {
  if (parts.some((part) => !values[part.path])) return null;
  const [only] = parts;
  if (parts.length === 1 && only?.path === '') return values[''] as Custom;
  return Object.fromEntries(parts.map((part) => [part.path, values[part.path]])) as Custom;
}

/** Every setting of `whole` by its name, as a conflict shows the other admin's values. */
export function settingLines(parts: readonly SettingPart[], whole: Whole): { term: string; value: string }[] {
  return parts.flatMap((part) => {
    const setting = partOf<ModeSetting>(whole, part.path);
    return [
      { term: `${prefix(part)}Call Recording Default`, value: modeLabel(setting.mode) },
      { term: `${prefix(part)}Call Recording Announcement`, value: announcementLabel(setting.announcement) },
    ];
  });
}

/** The settings a change of the defaults sets, one line each. */
export function changeLines(parts: readonly SettingPart[], change: PartialWhole | undefined): string[] {
  if (!change) return [];
  return parts.flatMap((part) => {
    const setting = partOf<Partial<ModeSetting> | undefined>(change, part.path);
    const lines: string[] = [];
    if (setting?.mode) lines.push(`${prefix(part)}Call Recording Default: ${modeLabel(setting.mode)}`);
    if (setting?.announcement) lines.push(`${prefix(part)}Call Recording Announcement: ${announcementLabel(setting.announcement)}`);
    return lines;
  });
}
