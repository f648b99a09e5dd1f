import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { type ApiProblem, api, asProblem, type FieldError, type Schemas, unwrap } from '../../api';
import { PRESETS } from './presets';

export type Scenario = Schemas['ScenarioDocDto'];
export type Replay = Schemas['ReplayDto'];
export type ReplayStep = Schemas['ReplayStepDto'];
export type AgentAction = NonNullable<Schemas['CallEventDocDto']['action']>;
export type CallEvent = Schemas['CallEventDocDto'];
/** `draft`: the scenario's own `settings`; `live`: the account's saved settings (`settings` left out of the request). */
export type ReplayAgainst = 'draft' | 'live';
/** A problem of the scenario at a path into it (`events[3]`); policy-core adds the rule when one applies. */
export type ScenarioIssue = FieldError & { readonly rule?: string };

/** The text as a JSON object, or null: for reading a field without reporting a syntax error. */
function readObject(text: string): Partial<Scenario> | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Partial<Scenario>) : null;
  } catch {
    return null;
  }
}

/**
 * The simulator (scenario-format.md): a scenario as JSON text, replayed by `POST /simulate`. The API
 * validates it (policy-core), so the console shows the API's problems rather than guessing them; the
 * console only checks that the text is a JSON object it can send. A kept call's evidence (HIS-2) opens
 * here as its scenario, `settingsChanges` and `meta` included, ready to try a change of its settings.
 */
export const useSimulatorStore = defineStore('simulator', () => {
  const presetId = ref<string | null>(PRESETS[0]?.id ?? null);
  const text = ref(PRESETS[0]?.text ?? '');
  const against = ref<ReplayAgainst>('draft');
  const running = ref(false);
  const replay = ref<Replay | null>(null);
  /** What the shown replay was decided against (the choice may change after it ran). */
  const replayedAgainst = ref<ReplayAgainst | null>(null);
  const syntaxError = ref<string | null>(null);
  const issues = ref<readonly ScenarioIssue[]>([]);
  /** A refusal no path explains (401/403, 5xx, the API gone, a 422 without errors[]). */
  const problem = ref<ApiProblem | null>(null);
  /** The kept call whose evidence the scenario was opened from (it stays so while the admin edits it). */
  const fromCall = ref<string | null>(null);
  const opening = ref(false);

  /** CNS-1: the call's `customerRegion` (the linked account's region), upper case; null when it has none or the text is no scenario. */
  const customerRegion = computed(() => {
    const region = readObject(text.value)?.call?.customerRegion;
    return typeof region === 'string' && region !== '' ? region.toUpperCase() : null;
  });

  const fileName = computed(() =>
    fromCall.value ? `call-${fromCall.value.replace(/[^A-Za-z0-9._-]/g, '_')}-scenario.json` : `${presetId.value ?? 'scenario'}.json`,
  );

  function choosePreset(id: string): void {
    const preset = PRESETS.find((p) => p.id === id);
    if (!preset) return;
    presetId.value = preset.id;
    fromCall.value = null;
    setText(preset.text);
  }

  /**
   * HIS-2: a kept call's evidence (`GET /calls/{callId}/scenario`) as the scenario, replayed at once
   * against its own settings: the timeline shows the decisions the call got, and editing `settings`
   * (or a `settingsChanges` entry's) tries a change. True when it opened and replayed.
   */
  async function openCall(callId: string): Promise<boolean> {
    opening.value = true;
    try {
      const { data } = await unwrap(api().GET('/calls/{callId}/scenario', { params: { path: { callId } } }));
      presetId.value = null;
      fromCall.value = callId;
      against.value = 'draft';
      setText(`${JSON.stringify(data, null, 2)}\n`);
    } catch (error) {
      problem.value = asProblem(error);
      return false;
    } finally {
      opening.value = false;
    }
    return run();
  }

  /** The admin edits the scenario: the shown replay and problems no longer describe it. */
  function setText(value: string): void {
    text.value = value;
    replay.value = null;
    replayedAgainst.value = null;
    syntaxError.value = null;
    issues.value = [];
    problem.value = null;
  }

  function parse(): Scenario | null {
    try {
      const value: unknown = JSON.parse(text.value);
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        syntaxError.value = 'A scenario is a JSON object with "call" and "events" (and usually "settings").';
        return null;
      }
      syntaxError.value = null;
      return value as Scenario;
    } catch (error) {
      syntaxError.value = `The scenario is not valid JSON: ${(error as Error).message}`;
      return null;
    }
  }

  async function run(): Promise<boolean> {
    issues.value = [];
    problem.value = null;
    const scenario = parse();
    if (!scenario) return false;
    // Against the live settings, a kept call's settingsChanges go too: the whole call is decided as the account would decide it now.
    const { settings: _settings, settingsChanges: _changes, ...withoutSettings } = scenario as Scenario & { settingsChanges?: unknown };
    const body = against.value === 'live' ? withoutSettings : scenario;
    running.value = true;
    try {
      const { data } = await unwrap(api().POST('/simulate', { body }));
      replay.value = data;
      replayedAgainst.value = against.value;
      return true;
    } catch (error) {
      replay.value = null;
      const refusal = asProblem(error);
      if (refusal.status === 422 && refusal.errors.length > 0) issues.value = refusal.errors;
      else problem.value = refusal;
      return false;
    } finally {
      running.value = false;
    }
  }

  /** An event joins the scenario after a step, and the call is replayed. */
  async function insertEvent(afterStep: number, event: CallEvent): Promise<boolean> {
    const scenario = parse();
    if (!scenario) return false;
    const events = [...(Array.isArray(scenario.events) ? scenario.events : [])];
    events.splice(afterStep + 1, 0, event);
    text.value = `${JSON.stringify({ ...scenario, events }, null, 2)}\n`;
    return run();
  }

  /** The agent presses a control after a step: the action joins the scenario there. */
  function insertAgentAction(afterStep: number, action: AgentAction): Promise<boolean> {
    return insertEvent(afterStep, { type: 'agent', action });
  }

  /** CNS-4/CNS-5: the customer consents (or refuses, or withdraws consent) after a step. */
  function insertConsent(afterStep: number, given: boolean): Promise<boolean> {
    return insertEvent(afterStep, { type: 'consent', given });
  }

  /**
   * CNS-1: the call carries the customer's region from a linked account (`null`: none, the area code decides).
   * Rewrites the scenario's `call`; false while the text is no scenario with a call (the syntax error says why).
   */
  function setCustomerRegion(region: string | null): boolean {
    const scenario = parse();
    if (!scenario) return false;
    if (typeof scenario.call !== 'object' || scenario.call === null) {
      syntaxError.value = 'The scenario has no "call" to give a customer region to.';
      return false;
    }
    const { customerRegion: _previous, ...call } = scenario.call;
    const next = region ? { ...call, customerRegion: region } : call;
    setText(`${JSON.stringify({ ...scenario, call: next }, null, 2)}\n`);
    return true;
  }

  /** The scenario as a file `pnpm simulate FILE` reads, or null while the text is not a JSON object. */
  function scenarioFile(): { name: string; content: string } | null {
    const scenario = parse();
    return scenario ? { name: fileName.value, content: `${JSON.stringify(scenario, null, 2)}\n` } : null;
  }

  return {
    presetId,
    fromCall,
    opening,
    text,
    against,
    running,
    replay,
    replayedAgainst,
    syntaxError,
    issues,
    problem,
    fileName,
    choosePreset,
    openCall,
    setText,
    run,
    insertAgentAction,
    insertConsent,
    customerRegion,
    setCustomerRegion,
    scenarioFile,
  };
});
