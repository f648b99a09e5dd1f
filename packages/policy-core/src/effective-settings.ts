import type { IndividualSetting, ModeSetting } from './settings.js';
import type { Trigger } from './vocabulary.js';

/** The settings a queue follows and the rule that chose them. */
export interface EffectiveQueueSetting {
  readonly setting: ModeSetting;
  readonly rule: 'QUE-1' | 'QUE-3';
}

/**
 * QUE-3: a queue's custom settings override the queue default, even after the default changes;
 * QUE-1: a queue without them follows the queue default, so a change of the default reaches it at
 * once (QUE-2). `custom` is null or absent for a queue that follows the default (the API stores
 * null, `Settings` leaves it out).
 */
export function effectiveQueueSetting(custom: ModeSetting | null | undefined, queueDefault: ModeSetting): EffectiveQueueSetting {
  return custom ? { setting: custom, rule: 'QUE-3' } : { setting: queueDefault, rule: 'QUE-1' };
}

/**
 * IND-1, IND-2: the inbound and outbound settings an employee follows: the employee's custom ones,
 * else the individual defaults (IND-4: a change of the defaults reaches only the employees without
 * custom settings). Custom settings are complete or absent, so both directions come from one source.
 */
export function effectiveIndividualSetting(
  custom: IndividualSetting | null | undefined,
  individualDefault: IndividualSetting,
): IndividualSetting {
  return custom ?? individualDefault;
}

/**
 * GLB-3: under On Call Connected the connect mode decides every call from connect; the queue and
 * individual defaults and custom settings are ignored (the console hides them) but kept, so
 * switching back to On Call Answered restores them unchanged. A call that has not connected has no
 * trigger yet (null).
 */
export function connectModeDecides(trigger: Trigger | null): boolean {
  return trigger === 'on-connect';
}
