import { type Call, type CallEvent, validateCall, validateEvent } from './call.js';
import { type Issue, IssueList, type Validated } from './issues.js';
import { type CompiledPolicy, compilePolicy } from './policy.js';
import { type CallSession, callReferenceIssue, type Decision, startSession, step } from './session.js';
import { INITIAL_SETTINGS, type Settings, validateSettings } from './settings.js';

/** A scenario of scenario-format.md, read and normalized. `settings` is null when the input had none. */
export interface Scenario {
  readonly settings: Settings | null;
  readonly call: Call;
  readonly events: readonly CallEvent[];
}

/** One step of a replay: the event (normalized) and the decision after it. */
export interface ReplayStep extends Decision {
  readonly event: CallEvent;
}

/** The output of scenario-format.md. */
export interface Replay {
  readonly settingsVersion: string;
  readonly steps: readonly ReplayStep[];
}

/** A replay, or every problem that makes the scenario invalid. */
export type ReplayOutcome = { readonly ok: true; readonly replay: Replay } | { readonly ok: false; readonly issues: readonly Issue[] };

/** Reads a scenario from untrusted input (parsed JSON), reporting every problem with its path. */
export function parseScenario(input: unknown): Validated<Scenario> {
  const issues = new IssueList();
  const raw = issues.object(input, 'scenario', ['settings', 'call', 'events']);
  if (!raw) return issues.result<Scenario>(undefined);
  let settings: Settings | null = null;
  if (raw.settings !== undefined) {
    const read = validateSettings(raw.settings, 'settings');
    if (read.ok) settings = read.value;
    else issues.issues.push(...read.issues);
  }
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
  return issues.result<Scenario>(call?.ok ? { settings, call: call.value, events } : undefined);
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

/** Replays an already read scenario under a compiled policy (the API's live policy when the scenario has no settings). */
export function replayScenario(scenario: Scenario, policy: CompiledPolicy): ReplayOutcome {
  const reference = callReferenceIssue(scenario.call, policy);
  if (reference) return { ok: false, issues: [reference] };
  let session: CallSession = startSession(scenario.call);
  const steps: ReplayStep[] = [];
  for (let i = 0; i < scenario.events.length; i++) {
    const event = scenario.events[i] as CallEvent;
    const outcome = step(session, event, policy);
    if (!outcome.ok) return { ok: false, issues: [{ path: `events[${i}]`, message: outcome.reason }] };
    session = outcome.session;
    steps.push({ event, ...outcome.decision });
  }
  return { ok: true, replay: { settingsVersion: policy.version, steps } };
}
