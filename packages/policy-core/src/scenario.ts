import { type Call, type CallEvent, validateCall, validateEvent } from './call.js';
import { describeValue, type Issue, IssueList, type Validated } from './issues.js';
import { type CompiledPolicy, compilePolicy } from './policy.js';
import { type CallSession, callReferenceIssue, type Decision, startSession, step } from './session.js';
import { INITIAL_SETTINGS, type Settings, validateSettings } from './settings.js';

/** A settings change of a scenario (HIS-2): from the event at index `beforeEvent` on, `settings` decide. */
export interface SettingsChange {
  /** The index of the first event the new settings decide: at least 1, less than the number of events. */
  readonly beforeEvent: number;
  readonly settings: Settings;
}

/** A scenario of scenario-format.md, read and normalized. `settings` is null when the input had none. */
export interface Scenario {
  readonly settings: Settings | null;
  /**
   * The settings changes between events, by increasing `beforeEvent`; absent when the input has
   * none (then no step carries its own `settingsVersion`). Present only with `settings`.
   */
  readonly settingsChanges?: readonly SettingsChange[];
  readonly call: Call;
  readonly events: readonly CallEvent[];
  /** Where the scenario came from (a kept call's account, call id, received times, …): carried, never read by the replay. */
  readonly meta?: Readonly<Record<string, unknown>>;
}

/** One step of a replay: the event (normalized) and the decision after it. */
export interface ReplayStep extends Decision {
  readonly event: CallEvent;
  /** Only in the replay of a scenario with `settingsChanges`: the version of the settings that decided this step. */
  readonly settingsVersion?: string;
}

/** The output of scenario-format.md. */
export interface Replay {
  /** The version of the scenario's `settings` (the ones in force at its first event). */
  readonly settingsVersion: string;
  readonly steps: readonly ReplayStep[];
}

/** A replay, or every problem that makes the scenario invalid. */
export type ReplayOutcome = { readonly ok: true; readonly replay: Replay } | { readonly ok: false; readonly issues: readonly Issue[] };

const SCENARIO_KEYS = ['settings', 'settingsChanges', 'call', 'events', 'meta'];

/** Reads a scenario from untrusted input (parsed JSON), reporting every problem with its path. */
export function parseScenario(input: unknown): Validated<Scenario> {
  const issues = new IssueList();
  const raw = issues.object(input, 'scenario', SCENARIO_KEYS);
  if (!raw) return issues.result<Scenario>(undefined);
  let settings: Settings | null = null;
  if (raw.settings !== undefined) {
    const read = validateSettings(raw.settings, 'settings');
    if (read.ok) settings = read.value;
    else issues.issues.push(...read.issues);
  }
  const settingsChanges =
    raw.settingsChanges === undefined
      ? undefined
      : readSettingsChanges(issues, raw.settingsChanges, raw.settings !== undefined, Array.isArray(raw.events) ? raw.events.length : null);
  if (raw.call === undefined) issues.add('call', 'is required');
  const call = raw.call === undefined ? undefined : validateCall(raw.call, 'call');
  if (call && !call.ok) issues.issues.push(...call.issues);
  if (raw.events === undefined) issues.add('events', 'is required (a list, possibly empty)');
  const events: CallEvent[] = [];
  (raw.events === undefined ? [] : (issues.array(raw.events, 'events') ?? [])).forEach((item, i) => {
    const event = validateEvent(item, `events[${i}]`);
    if (event.ok) events.push(event.value);
    else issues.issues.push(...event.issues);
  });
  // `meta` is free-form (scenario-format.md): only its being an object is checked, its content is never read.
  const meta = raw.meta === undefined ? undefined : issues.object(raw.meta, 'meta');
  if (!call?.ok) return issues.result<Scenario>(undefined);
  return issues.result<Scenario>({
    settings,
    ...(settingsChanges ? { settingsChanges } : {}),
    call: call.value,
    events,
    ...(meta ? { meta } : {}),
  });
}

/**
 * `settingsChanges` (scenario-format.md, HIS-2): each change at an event index strictly after the
 * previous change, between two events of the call (a change before event 0 would only replace
 * `settings`, one after the last event decides nothing), its settings read as `settings` are.
 */
function readSettingsChanges(
  issues: IssueList,
  input: unknown,
  hasSettings: boolean,
  eventCount: number | null,
): SettingsChange[] | undefined {
  // HIS-2 choice: changes need the settings they change from. Without `settings` the API replays
  // against the account's live policy, so the events before the first change would be decided by
  // whatever the account says today, not by what was in force on the call: that proves nothing.
  if (!hasSettings) {
    issues.add(
      'settingsChanges',
      'needs the scenario\'s "settings" (those in force before the first change): without them the first events would be decided by the live settings',
    );
  }
  const list = issues.array(input, 'settingsChanges');
  if (!list) return undefined;
  const changes: SettingsChange[] = [];
  let previous: number | null = null;
  list.forEach((item, i) => {
    const at = `settingsChanges[${i}]`;
    const raw = issues.object(item, at, ['beforeEvent', 'settings']);
    if (!raw) return;
    const beforeEvent = readBeforeEvent(issues, raw.beforeEvent, `${at}.beforeEvent`, previous, eventCount);
    if (typeof raw.beforeEvent === 'number' && Number.isInteger(raw.beforeEvent)) previous = raw.beforeEvent;
    let settings: Settings | undefined;
    if (raw.settings === undefined) issues.add(`${at}.settings`, 'is required (the settings in force from that event on)');
    else {
      const read = validateSettings(raw.settings, `${at}.settings`);
      if (read.ok) settings = read.value;
      else issues.issues.push(...read.issues);
    }
    if (beforeEvent !== undefined && settings) changes.push({ beforeEvent, settings });
  });
  return changes;
}

function readBeforeEvent(
  issues: IssueList,
  value: unknown,
  path: string,
  previous: number | null,
  eventCount: number | null,
): number | undefined {
  if (value === undefined) {
    issues.add(path, 'is required (the index of the first event the new settings decide)');
    return undefined;
  }
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    issues.add(path, `must be the index of an event (a whole number), not ${describeValue(value)}`);
    return undefined;
  }
  if (previous !== null && value <= previous) {
    issues.add(path, `must be greater than ${previous} (the previous change)`);
    return undefined;
  }
  if (value < 1) {
    issues.add(path, `must be at least 1: the scenario's "settings" decide event 0, a change before it would only replace them`);
    return undefined;
  }
  if (eventCount !== null && value >= eventCount) {
    issues.add(
      path,
      eventCount < 2
        ? `a call of ${eventCount} event${eventCount === 1 ? '' : 's'} has no point between two events where settings could change`
        : `must be less than ${eventCount}, the number of events: a change after the last event decides nothing`,
    );
    return undefined;
  }
  return value;
}

/**
 * Replays a scenario: validates it, compiles its settings (GLB-1 values when it has none) and steps
 * through its events. Pure. Returns the replay, or the problems of an invalid scenario; an impossible
 * event is reported with its index (`events[3]: "answered" needs a waiting call, …`).
 */
export function replay(input: unknown): ReplayOutcome {
  const scenario = parseScenario(input);
  if (!scenario.ok) return scenario;
  return replayScenario(scenario.value, compilePolicy(scenario.value.settings ?? INITIAL_SETTINGS));
}

/**
 * Replays an already read scenario, its first events under `policy`: the compiled `settings` of the
 * scenario, or the API's live policy when the scenario has none. Each of its `settingsChanges` is
 * compiled here and decides from its event on, exactly as a live call meets a settings change
 * between two events: the session carries over, only the policy changes (HIS-2). The call's own
 * queue and employee are checked against `policy`; each event's against the policy in force then.
 */
export function replayScenario(scenario: Scenario, policy: CompiledPolicy): ReplayOutcome {
  const reference = callReferenceIssue(scenario.call, policy);
  if (reference) return { ok: false, issues: [reference] };
  const changes = scenario.settingsChanges;
  const policies = changes?.map((change) => ({ beforeEvent: change.beforeEvent, policy: compilePolicy(change.settings) })) ?? [];
  let inForce = policy;
  let nextChange = 0;
  let session: CallSession = startSession(scenario.call);
  const steps: ReplayStep[] = [];
  for (let i = 0; i < scenario.events.length; i++) {
    for (let change = policies[nextChange]; change && change.beforeEvent <= i; change = policies[++nextChange]) inForce = change.policy;
    const event = scenario.events[i] as CallEvent;
    const outcome = step(session, event, inForce);
    if (!outcome.ok) return { ok: false, issues: [{ path: `events[${i}]`, message: outcome.reason }] };
    session = outcome.session;
    // Without settingsChanges the output stays the format's original one: one version for the whole call.
    steps.push(changes ? { event, ...outcome.decision, settingsVersion: inForce.version } : { event, ...outcome.decision });
  }
  return { ok: true, replay: { settingsVersion: policy.version, steps } };
}
