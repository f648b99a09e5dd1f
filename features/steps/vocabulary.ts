/**
 * The product's words, mapped to the values of scenario-format.md. Built from policy-core's
 * `LABELS` (the console's wording), so a feature file, the console and the engine cannot drift:
 * a label that is not the console's does not match any step.
 */
import {
  type Announcement,
  type ConnectMode,
  type ConsentMode,
  type ConsentStatus,
  LABELS,
  type Mode,
  REGIONS,
  type RuleId,
  type TransferRule,
  type Trigger,
  type UnknownRegionTreatment,
} from '@ccp/policy-core';
import { defineParameterType } from '@cucumber/cucumber';

/** The value behind each label of one vocabulary, e.g. `Never Record` → `never`. */
function valuesByLabel<V extends string>(labels: Record<V, string>): ReadonlyMap<string, V> {
  return new Map(Object.entries<string>(labels).map(([value, label]) => [label, value as V]));
}

export const TRIGGER = valuesByLabel<Trigger>(LABELS.trigger);
export const MODE = valuesByLabel<Mode>(LABELS.mode);
export const ANNOUNCEMENT = valuesByLabel<Announcement>(LABELS.announcement);
export const TRANSFER_RULE = valuesByLabel<TransferRule>(LABELS.transferRule);
export const CONSENT_MODE = valuesByLabel<ConsentMode>(LABELS.consentMode);
export const UNKNOWN_REGION = valuesByLabel<UnknownRegionTreatment>(LABELS.unknownRegion);
export const CONSENT_STATUS = valuesByLabel<ConsentStatus>(LABELS.consentStatus);
/** CNS-1: the regions by their names in the product's region table (`"California"` → `CA`). */
export const REGION = new Map(REGIONS.map((region) => [region.name, region.code]));

/** The label of a value, for messages. */
export function labelOf<V extends string>(labels: Record<V, string>, value: V): string {
  return labels[value];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A parameter type matching exactly the quoted labels of one vocabulary. */
function labelled<V extends string>(name: string, values: ReadonlyMap<string, V>): void {
  defineParameterType({
    name,
    regexp: new RegExp(`"(${[...values.keys()].map(escapeRegExp).join('|')})"`),
    transformer: (label: string) => values.get(label) as V,
  });
}

labelled('trigger', TRIGGER);
labelled('mode', MODE);
labelled('announcement', ANNOUNCEMENT);
labelled('transferRule', TRANSFER_RULE);
labelled('consentMode', CONSENT_MODE);
labelled('unknownRegion', UNKNOWN_REGION);
labelled('consentStatus', CONSENT_STATUS);
labelled('region', REGION);

/** The name of a region code, for messages (`CA` → `California`). */
export function regionName(code: string | null): string {
  return REGIONS.find((region) => region.code === code)?.name ?? String(code);
}

const QUOTED_REGION = `"(?:${[...REGION.keys()].map(escapeRegExp).join('|')})"`;

/** A list of region names as people write it: `"New York" and "Ontario"`, `"Texas", "Ohio" and "Utah"`; their codes. */
defineParameterType({
  name: 'regions',
  regexp: new RegExp(`(${QUOTED_REGION}(?:(?:, | and )${QUOTED_REGION})*)`),
  transformer: (list: string) => quotedNames(list).map((name) => REGION.get(name) as string),
});

/**
 * The connect modes are the two modes offered under On Call Connected (GLB-6). Any other mode is
 * passed on as it is, for the engine to refuse with its own reason.
 */
export function asConnectMode(mode: Mode): ConnectMode {
  return mode as ConnectMode;
}

/** The direction of an employee's call: inbound (to the direct line) or outbound (IND-1, IND-2). */
export type Direction = 'inbound' | 'outbound';
defineParameterType({ name: 'direction', regexp: /inbound|outbound/, transformer: (direction: string) => direction as Direction });

export const AGENT_CONTROLS = ['start', 'stop', 'pause', 'resume'] as const;
export type AgentControl = (typeof AGENT_CONTROLS)[number];

/** A list of agent controls as people write it: `stop and pause`, `start, stop and pause`. */
defineParameterType({
  name: 'controls',
  regexp: /((?:start|stop|pause|resume)(?:(?:, | and )(?:start|stop|pause|resume))*)/,
  transformer: (list: string) => list.split(/, | and /) as AgentControl[],
});

/** A comma-separated list of rule IDs, `GLB-2, QUE-3, MOD-4`. */
export function ruleList(text: string): RuleId[] {
  return text
    .split(',')
    .map((rule) => rule.trim())
    .filter((rule) => rule !== '') as RuleId[];
}

/** The quoted names of a list such as `"Billing", "Sales" and "Support"`. */
export function quotedNames(text: string): string[] {
  return [...text.matchAll(/"([^"]+)"/g)].map((match) => match[1] as string);
}
