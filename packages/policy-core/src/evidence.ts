/**
 * HIS-2: a kept call as its evidence file, a scenario (scenario-format.md) whose replay gives back
 * exactly the decisions the call got, and the exclusion entries the history keeps to build it.
 */
import type { Call, CallEvent } from './call.js';
import { hasNumber } from './exclusion-set.js';
import { callParties } from './history.js';
import { customerKey } from './phone.js';
import type { CompiledPolicy } from './policy.js';
import type { EmployeeSettings, IndividualSetting, ModeSetting, QueueSettings, Settings } from './settings.js';
import { settingsVersion } from './version.js';

/** One settings version a kept call was decided under, from the event at `fromEvent` until the next version's. */
export interface EvidenceVersion {
  /** The index of the first event this version decided (0 for the first version). */
  readonly fromEvent: number;
  /** The account's settings of that version without their exclusion list (as the history keeps them once per account). */
  readonly settings: Settings;
  /** The entries of that version's exclusion list that matched the call (`matchedExclusions`), normalized. */
  readonly matchedExclusions: readonly string[];
}

/** What `evidenceScenario` builds from: a kept call, its events as answered, and the versions that decided them. */
export interface EvidenceInput {
  readonly call: Call;
  /** The accepted events, in order, normalized (as the API answered them). */
  readonly events: readonly CallEvent[];
  /** By increasing `fromEvent`, the first at 0. */
  readonly versions: readonly EvidenceVersion[];
  /** Where the file comes from (account, call id, received times, live settings versions); copied as is. */
  readonly meta: Readonly<Record<string, unknown>>;
}

/** A scenario in the input shape of scenario-format.md, as `pnpm simulate` and `replay` read it (JSON-ready). */
export interface ScenarioFile {
  readonly settings: Settings;
  readonly settingsChanges?: ReadonlyArray<{ readonly beforeEvent: number; readonly settings: Settings }>;
  readonly call: Call;
  readonly events: readonly CallEvent[];
  readonly meta: Readonly<Record<string, unknown>>;
}

const NO_EMPLOYEES: readonly string[] = Object.freeze([]);

/**
 * The exclusion entries of a compiled policy whose presence decides a call (EXC-2, EXC-5), normalized
 * and ascending (`['+14155550100', '415']`): the customer's full number and the customer's area code
 * when listed (EXC-2), and the direct line of the call's own employee when listed (EXC-5, a personal
 * call). `answeredBy` adds the listed direct lines of the employees who answered the call under this
 * policy: a listed line puts EXC-5 in the trace of a call that is not that employee's personal call
 * (session.ts `traceOf`), so the evidence needs it too. Ids the policy does not know are skipped.
 * Costs a few O(1) lookups and allocates nothing but the result (and the area code's string).
 */
export function matchedExclusions(policy: CompiledPolicy, call: Call, answeredBy: readonly string[] = NO_EMPLOYEES): string[] {
  const matched: string[] = [];
  const set = policy.exclusions;
  if (call.customer !== null) {
    // As session.ts `exclusionOf` and `matchesNumberOrAreaCode`: numbers outside North America match nothing.
    const key = customerKey(call.customer);
    if (key >= 2_000_000_000) {
      if (hasNumber(set, key)) matched.push(call.customer);
      if (set.areaCodes[Math.floor(key / 10_000_000)] === 1) matched.push(call.customer.slice(2, 5));
    }
  }
  addListedLine(matched, policy, call.employee);
  for (let i = 0; i < answeredBy.length; i++) addListedLine(matched, policy, answeredBy[i]);
  return matched.sort();
}

function addListedLine(matched: string[], policy: CompiledPolicy, employeeId: string | undefined): void {
  if (employeeId === undefined) return;
  const employee = policy.employees.get(employeeId);
  // The customer may call from a listed direct line: the entry is then matched once.
  if (employee?.directLineListed && !matched.includes(employee.directLine)) matched.push(employee.directLine);
}

/**
 * Builds the evidence file of a kept call (HIS-2), pure: the scenario whose `settings` are those of
 * the first version and whose `settingsChanges` the later ones, each reduced to the queues and
 * employees the call touches (`callParties`; ids a version does not have are left out, as the call
 * could not meet them under it) with the version's matched entries as its exclusion list. Versions
 * whose reduced settings equal the previous one's make no change; a version from an index past the
 * last event decided nothing and is left out. Every setting is written out in full (no GLB-1 value
 * left implicit), numbers in E.164. Its replay gives the decisions of the full settings, step by
 * step (its settings versions differ: they hash the reduced settings; `meta` keeps the live ones).
 * Throws a TypeError on versions out of order: a programming error.
 */
export function evidenceScenario(input: EvidenceInput): ScenarioFile {
  const { call, events, versions } = input;
  if (versions.length === 0 || versions[0]?.fromEvent !== 0) throw new TypeError('evidenceScenario: the first version is from event 0');
  const parties = callParties(call, events);
  let first: Settings | undefined;
  let previousVersion = '';
  let previousFrom = -1;
  const changes: Array<{ beforeEvent: number; settings: Settings }> = [];
  for (const version of versions) {
    if (!Number.isInteger(version.fromEvent) || version.fromEvent <= previousFrom) {
      throw new TypeError(
        `evidenceScenario: versions must be by strictly increasing fromEvent (${version.fromEvent} after ${previousFrom})`,
      );
    }
    previousFrom = version.fromEvent;
    if (first !== undefined && version.fromEvent >= events.length) break;
    const reduced = reducedSettings(version.settings, parties, version.matchedExclusions);
    const reducedVersion = settingsVersion(reduced);
    if (first === undefined) first = reduced;
    else if (reducedVersion !== previousVersion) changes.push({ beforeEvent: version.fromEvent, settings: reduced });
    previousVersion = reducedVersion;
  }
  return {
    settings: first as Settings,
    ...(changes.length > 0 ? { settingsChanges: changes } : {}),
    call: plainCall(call),
    events: events.map((event) => ({ ...event })),
    meta: { ...input.meta },
  };
}

/** A version's settings with only the given queues and employees (those it has, in the given order) and `exclusions`. */
function reducedSettings(
  settings: Settings,
  parties: { readonly queues: readonly string[]; readonly employees: readonly string[] },
  exclusions: readonly string[],
): Settings {
  const queues = new Map(settings.queues.map((queue) => [queue.id, queue]));
  const employees = new Map(settings.employees.map((employee) => [employee.id, employee]));
  return {
    trigger: settings.trigger,
    connectMode: settings.connectMode,
    transfer: { toQueue: settings.transfer.toQueue, toEmployee: settings.transfer.toEmployee },
    queueDefault: plainModeSetting(settings.queueDefault),
    individualDefault: plainIndividual(settings.individualDefault),
    queues: parties.queues.flatMap((id) => {
      const queue = queues.get(id);
      return queue ? [plainQueue(queue)] : [];
    }),
    employees: parties.employees.flatMap((id) => {
      const employee = employees.get(id);
      return employee ? [plainEmployee(employee)] : [];
    }),
    exclusions: [...exclusions],
    consent: { mode: settings.consent.mode, regions: [...settings.consent.regions], unknownRegion: settings.consent.unknownRegion },
  };
}

const plainModeSetting = (s: ModeSetting): ModeSetting => ({ mode: s.mode, announcement: s.announcement });
const plainIndividual = (s: IndividualSetting): IndividualSetting => ({
  inbound: plainModeSetting(s.inbound),
  outbound: plainModeSetting(s.outbound),
});
const plainQueue = (q: QueueSettings): QueueSettings => (q.custom ? { id: q.id, custom: plainModeSetting(q.custom) } : { id: q.id });
const plainEmployee = (e: EmployeeSettings): EmployeeSettings =>
  e.custom ? { id: e.id, directLine: e.directLine, custom: plainIndividual(e.custom) } : { id: e.id, directLine: e.directLine };

/** The call in the format's key order, with `keypad` only where the call has it; `linkedAccount` stays explicit. */
function plainCall(call: Call): Call {
  return {
    kind: call.kind,
    customer: call.customer,
    ...(call.queue !== undefined ? { queue: call.queue } : {}),
    ...(call.employee !== undefined ? { employee: call.employee } : {}),
    ...(call.keypad !== undefined ? { keypad: call.keypad } : {}),
    linkedAccount: call.linkedAccount,
    ...(call.customerRegion !== undefined ? { customerRegion: call.customerRegion } : {}),
  };
}
