import { type CompiledConsent, compileConsent } from './consent/consent.js';
import { effectiveIndividualSetting, effectiveQueueSetting } from './effective-settings.js';
import { buildExclusionSet, type ExclusionSet, hasNumber } from './exclusion-set.js';
import { ind3ClickToCallSetting } from './interpretations.js';
import { exclusionKey } from './phone.js';
import type { RuleId } from './rules.js';
import type { ModeSetting, Settings } from './settings.js';
import { baseSettingsVersion, sortedExclusionKeys, versionFromKeys } from './version.js';
import type { Announcement, ConnectMode, Mode, TransferRule, Trigger } from './vocabulary.js';

/**
 * The settings in force on a call: a mode, the announcement (none under `on-connect`), where they
 * come from, and the rules that resolved them, most decisive first.
 */
export interface Terms {
  readonly mode: Mode;
  readonly announcement: Announcement | null;
  readonly basis: 'connect' | 'scope';
  readonly rules: readonly RuleId[];
}

export interface CompiledQueue {
  readonly id: string;
  readonly custom: boolean;
  /** The queue's effective settings: its custom ones (QUE-3), else the queue default (QUE-1). */
  readonly terms: Terms;
}

export interface CompiledEmployee {
  readonly id: string;
  readonly directLine: string;
  readonly custom: boolean;
  /** Whether the direct-line number itself is on the exclusion list (EXC-5). */
  readonly directLineListed: boolean;
  readonly inbound: Terms;
  readonly outbound: Terms;
  readonly clickToCall: Terms;
}

/**
 * An account's settings compiled for deciding calls: every queue and employee resolved to its
 * effective settings, the exclusion list as an O(1) lookup, and the version of the settings.
 * Immutable: a settings change compiles a new policy that replaces it whole.
 */
export interface CompiledPolicy {
  readonly version: string;
  /** The version of the same settings without the exclusion list (`baseSettingsVersion`): what the call history keeps (HIS-2). */
  readonly baseVersion: string;
  readonly trigger: Trigger;
  readonly transfer: { readonly toQueue: TransferRule; readonly toEmployee: TransferRule };
  /** What `on-connect` calls get (GLB-3, GLB-6). */
  readonly connectTerms: Terms;
  readonly queues: ReadonlyMap<string, CompiledQueue>;
  readonly employees: ReadonlyMap<string, CompiledEmployee>;
  readonly exclusions: ExclusionSet;
  /** Consent by the customer's location (CNS-2..4). */
  readonly consent: CompiledConsent;
}

const MODE_RULE = { always: 'MOD-1', automatic: 'MOD-2', manual: 'MOD-3', never: 'MOD-4' } as const satisfies Record<Mode, RuleId>;
const ANNOUNCEMENT_RULE = { prompt: 'ANN-1', never: 'ANN-2' } as const satisfies Record<Announcement, RuleId>;

/** Terms from a mode setting, traced by the rules that chose it (`GLB-2`, then the scope rules). */
function scopeTerms(setting: ModeSetting, scopeRules: readonly RuleId[]): Terms {
  return Object.freeze({
    mode: setting.mode,
    announcement: setting.announcement,
    basis: 'scope',
    rules: Object.freeze<RuleId[]>(['GLB-2', ...scopeRules, MODE_RULE[setting.mode], ANNOUNCEMENT_RULE[setting.announcement]]),
  });
}

function connectTerms(mode: ConnectMode): Terms {
  return Object.freeze({ mode, announcement: null, basis: 'connect', rules: Object.freeze<RuleId[]>(['GLB-3', 'GLB-6', MODE_RULE[mode]]) });
}

/**
 * Compiles normalized settings (from `validateSettings`, or rows already stored normalized). Costs
 * one pass over the exclusion list and no phone parsing, so a million entries compile in well
 * under a second. Throws a TypeError on settings that were not normalized: a programming error.
 */
export function compilePolicy(settings: Settings): CompiledPolicy {
  return compilePolicyWithExclusionKeys(settings, sortedExclusionKeys(settings.exclusions));
}

/**
 * `compilePolicy` for settings whose exclusion list is given as its sorted keys (from a stored
 * snapshot: `snapshotExclusionKeys`); `settings.exclusions` is not read.
 */
export function compilePolicyWithExclusionKeys(settings: Settings, keys: Float64Array): CompiledPolicy {
  const exclusions = buildExclusionSet(keys);
  const queues = new Map<string, CompiledQueue>();
  for (const queue of settings.queues) {
    const { setting, rule } = effectiveQueueSetting(queue.custom, settings.queueDefault);
    queues.set(queue.id, Object.freeze({ id: queue.id, custom: queue.custom !== undefined, terms: scopeTerms(setting, [rule]) }));
  }
  const employees = new Map<string, CompiledEmployee>();
  for (const employee of settings.employees) {
    const setting = effectiveIndividualSetting(employee.custom, settings.individualDefault);
    const lineKey = exclusionKey(employee.directLine);
    if (lineKey < 0) throw new TypeError(`employee ${JSON.stringify(employee.id)}: direct line ${employee.directLine} is not normalized`);
    employees.set(
      employee.id,
      Object.freeze({
        id: employee.id,
        directLine: employee.directLine,
        custom: employee.custom !== undefined,
        directLineListed: hasNumber(exclusions, lineKey),
        inbound: scopeTerms(setting.inbound, ['IND-1']),
        outbound: scopeTerms(setting.outbound, ['IND-2']),
        clickToCall: scopeTerms(ind3ClickToCallSetting(setting), ['IND-3', 'IND-2']),
      }),
    );
  }
  return Object.freeze({
    version: versionFromKeys(settings, keys),
    baseVersion: baseSettingsVersion(settings),
    trigger: settings.trigger,
    transfer: settings.transfer,
    connectTerms: connectTerms(settings.connectMode),
    queues,
    employees,
    exclusions,
    consent: compileConsent(settings.consent),
  });
}
