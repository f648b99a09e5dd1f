import { type ConsentSettings, INITIAL_CONSENT, readConsentSettings } from './consent/consent.js';
import { IssueList, type Validated } from './issues.js';
import { normalizeExclusionEntry, normalizeNanpNumber } from './phone.js';
import {
  ANNOUNCEMENTS,
  type Announcement,
  CONNECT_MODES,
  type ConnectMode,
  MODES,
  type Mode,
  TRANSFER_RULES,
  TRIGGERS,
  type TransferRule,
  type Trigger,
} from './vocabulary.js';

/** A recording mode with its announcement: what a queue default, a custom queue or one direction of an employee says. */
export interface ModeSetting {
  readonly mode: Mode;
  readonly announcement: Announcement;
}

/** Inbound and outbound settings of an employee (IND-1, IND-2). */
export interface IndividualSetting {
  readonly inbound: ModeSetting;
  readonly outbound: ModeSetting;
}

export interface QueueSettings {
  readonly id: string;
  /** Absent: the queue follows the queue default (QUE-1). Present: it overrides it (QUE-3). */
  readonly custom?: ModeSetting;
}

export interface EmployeeSettings {
  readonly id: string;
  /** E.164, once normalized. */
  readonly directLine: string;
  readonly custom?: IndividualSetting;
}

/** An account's complete, normalized recording settings: every field present, numbers in E.164. */
export interface Settings {
  readonly trigger: Trigger;
  readonly connectMode: ConnectMode;
  readonly transfer: { readonly toQueue: TransferRule; readonly toEmployee: TransferRule };
  readonly queueDefault: ModeSetting;
  readonly individualDefault: IndividualSetting;
  readonly queues: readonly QueueSettings[];
  readonly employees: readonly EmployeeSettings[];
  /** Normalized entries: `+1NXXNXXXXXX` or a 3-digit area code, without duplicates. */
  readonly exclusions: readonly string[];
  /** Consent by the customer's location (CNS-2..4). */
  readonly consent: ConsentSettings;
}

/** GLB-1: the values a new account starts with, and that any omitted setting takes. */
export const INITIAL_SETTINGS: Settings = Object.freeze({
  trigger: 'on-answer',
  connectMode: 'automatic',
  transfer: Object.freeze({ toQueue: 'keep-original', toEmployee: 'keep-original' }),
  queueDefault: Object.freeze({ mode: 'automatic', announcement: 'prompt' }),
  individualDefault: Object.freeze({
    inbound: Object.freeze({ mode: 'automatic', announcement: 'prompt' }),
    outbound: Object.freeze({ mode: 'automatic', announcement: 'prompt' }),
  }),
  queues: Object.freeze([]),
  employees: Object.freeze([]),
  exclusions: Object.freeze([]),
  consent: INITIAL_CONSENT,
} as Settings);

const SETTINGS_KEYS = [
  'trigger',
  'connectMode',
  'transfer',
  'queueDefault',
  'individualDefault',
  'queues',
  'employees',
  'exclusions',
  'consent',
];

/**
 * Reads recording settings from untrusted input (JSON, a request body): fills omitted fields with
 * their GLB-1 value, normalizes every number (EXC-1), and reports each problem with its path, e.g.
 * `settings.queues[3].custom.mode: "sometimes" is not one of always, automatic, manual, never`.
 * Unknown keys are problems: a misspelt key must not silently change a decision.
 */
export function validateSettings(input: unknown, path = 'settings'): Validated<Settings> {
  const issues = new IssueList();
  const settings = readSettings(issues, input === undefined ? {} : input, path);
  return issues.result(settings);
}

function readSettings(issues: IssueList, input: unknown, path: string): Settings | undefined {
  const raw = issues.object(input, path, SETTINGS_KEYS);
  if (!raw) return undefined;
  const initial = INITIAL_SETTINGS;
  const transferRaw = raw.transfer === undefined ? {} : issues.object(raw.transfer, `${path}.transfer`, ['toQueue', 'toEmployee']);
  const transfer = transferRaw && {
    toQueue: issues.oneOf(transferRaw.toQueue, `${path}.transfer.toQueue`, TRANSFER_RULES, initial.transfer.toQueue),
    toEmployee: issues.oneOf(transferRaw.toEmployee, `${path}.transfer.toEmployee`, TRANSFER_RULES, initial.transfer.toEmployee),
  };
  const individualRaw =
    raw.individualDefault === undefined ? {} : issues.object(raw.individualDefault, `${path}.individualDefault`, ['inbound', 'outbound']);
  const settings = {
    trigger: issues.oneOf(raw.trigger, `${path}.trigger`, TRIGGERS, initial.trigger),
    connectMode: issues.oneOf(raw.connectMode, `${path}.connectMode`, CONNECT_MODES, initial.connectMode),
    transfer,
    queueDefault: readModeSetting(issues, raw.queueDefault, `${path}.queueDefault`, initial.queueDefault),
    individualDefault: individualRaw && {
      inbound: readModeSetting(issues, individualRaw.inbound, `${path}.individualDefault.inbound`, initial.individualDefault.inbound),
      outbound: readModeSetting(issues, individualRaw.outbound, `${path}.individualDefault.outbound`, initial.individualDefault.outbound),
    },
    queues: readQueues(issues, raw.queues, `${path}.queues`),
    employees: readEmployees(issues, raw.employees, `${path}.employees`),
    exclusions: readExclusions(issues, raw.exclusions, `${path}.exclusions`),
    consent: readConsentSettings(issues, raw.consent, `${path}.consent`),
  };
  return issues.issues.length === 0 ? (settings as Settings) : undefined;
}

/** A default (every field optional, falling back on `fallback`) or, without fallback, a complete custom setting. */
function readModeSetting(issues: IssueList, input: unknown, path: string, fallback?: ModeSetting): ModeSetting | undefined {
  if (input === undefined && fallback) return fallback;
  if (input === undefined) {
    issues.add(path, 'is required (a custom setting is complete or absent)');
    return undefined;
  }
  const raw = issues.object(input, path, ['mode', 'announcement']);
  if (!raw) return undefined;
  const complete = fallback ? '' : ' (a custom setting is complete or absent)';
  if (!fallback && raw.mode === undefined) issues.add(`${path}.mode`, `is required${complete}`);
  if (!fallback && raw.announcement === undefined) issues.add(`${path}.announcement`, `is required${complete}`);
  if (!fallback && (raw.mode === undefined || raw.announcement === undefined)) return undefined;
  const mode = issues.oneOf(raw.mode, `${path}.mode`, MODES, fallback?.mode);
  const announcement = issues.oneOf(raw.announcement, `${path}.announcement`, ANNOUNCEMENTS, fallback?.announcement);
  return mode && announcement ? { mode, announcement } : undefined;
}

function readQueues(issues: IssueList, input: unknown, path: string): QueueSettings[] | undefined {
  const list = issues.array(input, path);
  if (!list) return undefined;
  const seen = new Map<string, number>();
  return list.map((item, i) => {
    const at = `${path}[${i}]`;
    const raw = issues.object(item, at, ['id', 'custom']);
    const id = raw && issues.id(raw.id, `${at}.id`);
    if (id !== undefined) checkUnique(issues, seen, id, i, path);
    const custom = raw?.custom === undefined ? undefined : readModeSetting(issues, raw.custom, `${at}.custom`);
    return (custom ? { id, custom } : { id }) as QueueSettings;
  });
}

function readEmployees(issues: IssueList, input: unknown, path: string): EmployeeSettings[] | undefined {
  const list = issues.array(input, path);
  if (!list) return undefined;
  const seen = new Map<string, number>();
  const lines = new Map<string, number>();
  return list.map((item, i) => {
    const at = `${path}[${i}]`;
    const raw = issues.object(item, at, ['id', 'directLine', 'custom']);
    const id = raw && issues.id(raw.id, `${at}.id`);
    if (id !== undefined) checkUnique(issues, seen, id, i, path);
    let directLine: string | undefined;
    if (raw && raw.directLine === undefined) {
      issues.add(`${at}.directLine`, 'is required (every employee has a direct line)');
    } else if (raw) {
      const line = normalizeNanpNumber(raw.directLine);
      if (!line.ok) issues.add(`${at}.directLine`, line.reason);
      else {
        directLine = line.value;
        const other = lines.get(directLine);
        if (other !== undefined) issues.add(`${at}.directLine`, `${directLine} is already the direct line of ${path}[${other}]`);
        else lines.set(directLine, i);
      }
    }
    let custom: IndividualSetting | undefined;
    if (raw?.custom !== undefined) {
      const customRaw = issues.object(raw.custom, `${at}.custom`, ['inbound', 'outbound']);
      if (customRaw) {
        const inbound = readModeSetting(issues, customRaw.inbound, `${at}.custom.inbound`);
        const outbound = readModeSetting(issues, customRaw.outbound, `${at}.custom.outbound`);
        if (inbound && outbound) custom = { inbound, outbound };
      }
    }
    return (custom ? { id, directLine, custom } : { id, directLine }) as EmployeeSettings;
  });
}

function checkUnique(issues: IssueList, seen: Map<string, number>, id: string, index: number, path: string): void {
  const first = seen.get(id);
  if (first !== undefined) issues.add(`${path}[${index}].id`, `${JSON.stringify(id)} is already used by ${path}[${first}]`);
  else seen.set(id, index);
}

function readExclusions(issues: IssueList, input: unknown, path: string): string[] | undefined {
  const list = issues.array(input, path);
  if (!list) return undefined;
  const entries = new Set<string>();
  list.forEach((item, i) => {
    const entry = normalizeExclusionEntry(item);
    if (entry.ok) entries.add(entry.value.entry);
    else issues.add(`${path}[${i}]`, entry.reason, 'EXC-1');
  });
  return [...entries];
}
