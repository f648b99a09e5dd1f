/**
 * The World of a scenario: the account's recording settings as the Given steps describe them, the
 * call and its events as the When steps tell them, and the engine's answer. After every call event
 * the whole scenario (scenario-format.md JSON) is replayed with policy-core's `replay`, and the
 * decision after the last event, or the reason the engine refuses the scenario, is kept for the
 * Then steps.
 */
import {
  type Announcement,
  type ConnectMode,
  type ConsentMode,
  DEFAULT_ALL_PARTY_REGIONS,
  type Issue,
  type Mode,
  type ReplayStep,
  replay,
  settingsVersion,
  type TransferRule,
  type Trigger,
  type UnknownRegionTreatment,
  validateSettings,
} from '@ccp/policy-core';
import { setWorldConstructor, World } from '@cucumber/cucumber';

export interface ModeSettingDraft {
  mode: Mode;
  announcement: Announcement;
}

interface DefaultDraft {
  mode?: Mode;
  announcement?: Announcement;
}

interface EmployeeDraft {
  directLine?: string;
  custom?: { inbound: ModeSettingDraft; outbound: ModeSettingDraft };
}

/** What the Given steps say about the account. Unset fields are left out of the scenario, so they take their GLB-1 value. */
export interface SettingsDraft {
  trigger?: Trigger;
  connectMode?: ConnectMode;
  transfer: { toQueue?: TransferRule; toEmployee?: TransferRule };
  queueDefault: DefaultDraft;
  individualDefault: { inbound: DefaultDraft; outbound: DefaultDraft };
  queues: Map<string, { custom?: ModeSettingDraft }>;
  employees: Map<string, EmployeeDraft>;
  exclusions: string[];
  /** CNS-2..4: the consent mode, the all-party list (region codes) and how unknown regions are treated. */
  consent: { mode?: ConsentMode; regions?: string[]; unknownRegion?: UnknownRegionTreatment };
}

export type CallEventJson = Record<string, unknown> & { type: string };
export type CallJson = Record<string, unknown> & { kind: string; customer?: string };

/** The number a customer calls from when a scenario does not say. */
export const A_CUSTOMER = '+1 310 555 0142';

/** Direct lines for employees whose scenario does not give one: (415) 555-0100, -0101, … */
const FIRST_DIRECT_LINE = 4155550100;

export class RecordingWorld extends World {
  readonly settings: SettingsDraft = {
    transfer: {},
    queueDefault: {},
    individualDefault: { inbound: {}, outbound: {} },
    queues: new Map(),
    employees: new Map(),
    exclusions: [],
    consent: {},
  };

  /** Set by a Given before the call: whether the call is linked to a customer account (else the format's default). */
  linkedAccount: boolean | undefined;

  /** Set by a Given before the call: the region the telephony side sends from the customer's account (CNS-1). */
  customerRegion: string | undefined;

  /**
   * The current call, with the settings as they were when it was placed (a later change applies to
   * the next call), and the changes saved while it was in progress (HIS-2), each from the next event.
   */
  private call:
    | {
        settings: Record<string, unknown>;
        settingsChanges: Array<{ beforeEvent: number; settings: Record<string, unknown> }>;
        call: CallJson;
        events: CallEventJson[];
      }
    | undefined;

  /** The settings version each call of the scenario was decided with, in order. */
  readonly settingsVersions: string[] = [];

  /** The engine's answer after the last event. */
  outcome: { ok: true; steps: readonly ReplayStep[] } | { ok: false; issues: readonly Issue[] } | undefined;

  queue(name: string): { custom?: ModeSettingDraft } {
    let queue = this.settings.queues.get(name);
    if (!queue) {
      queue = {};
      this.settings.queues.set(name, queue);
    }
    return queue;
  }

  /** The all-party list as the Given steps left it: the product's list until a step changes it (GLB-1). */
  allPartyRegions(): string[] {
    this.settings.consent.regions ??= [...DEFAULT_ALL_PARTY_REGIONS];
    return this.settings.consent.regions;
  }

  employee(name: string): EmployeeDraft {
    let employee = this.settings.employees.get(name);
    if (!employee) {
      employee = {};
      this.settings.employees.set(name, employee);
    }
    return employee;
  }

  /** The effective individual default of one direction as the Given steps left it (GLB-1 values where unset). */
  individualDefault(direction: 'inbound' | 'outbound'): ModeSettingDraft {
    const draft = this.settings.individualDefault[direction];
    return { mode: draft.mode ?? 'automatic', announcement: draft.announcement ?? 'prompt' };
  }

  /** The direct line of an employee, as the scenario gave it or as it was assigned. */
  directLineOf(name: string): string {
    const line = this.directLines().get(name);
    if (line === undefined) throw new Error(`the scenario has no employee ${JSON.stringify(name)}`);
    return line;
  }

  private directLines(): Map<string, string> {
    const lines = new Map<string, string>();
    const given = new Set([...this.settings.employees.values()].map((e) => e.directLine?.replace(/\D/g, '').slice(-10)));
    let next = FIRST_DIRECT_LINE;
    for (const [name, employee] of this.settings.employees) {
      if (employee.directLine !== undefined) {
        lines.set(name, employee.directLine);
        continue;
      }
      while (given.has(String(next))) next++;
      const digits = String(next++);
      lines.set(name, `(${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6)}`);
    }
    return lines;
  }

  /** The `settings` of scenario-format.md: only what the scenario set, every omitted field takes its GLB-1 value. */
  settingsJson(): Record<string, unknown> {
    const s = this.settings;
    const json: Record<string, unknown> = {};
    if (s.trigger) json.trigger = s.trigger;
    if (s.connectMode) json.connectMode = s.connectMode;
    if (Object.keys(s.transfer).length > 0) json.transfer = { ...s.transfer };
    if (Object.keys(s.queueDefault).length > 0) json.queueDefault = { ...s.queueDefault };
    const { inbound, outbound } = s.individualDefault;
    if (Object.keys(inbound).length > 0 || Object.keys(outbound).length > 0) {
      json.individualDefault = {
        ...(Object.keys(inbound).length > 0 ? { inbound: { ...inbound } } : {}),
        ...(Object.keys(outbound).length > 0 ? { outbound: { ...outbound } } : {}),
      };
    }
    if (s.queues.size > 0) {
      json.queues = [...s.queues].map(([id, queue]) => (queue.custom ? { id, custom: { ...queue.custom } } : { id }));
    }
    if (s.employees.size > 0) {
      const lines = this.directLines();
      json.employees = [...s.employees].map(([id, employee]) => {
        const directLine = lines.get(id);
        const custom = employee.custom && { inbound: { ...employee.custom.inbound }, outbound: { ...employee.custom.outbound } };
        return custom ? { id, directLine, custom } : { id, directLine };
      });
    }
    if (s.exclusions.length > 0) json.exclusions = [...s.exclusions];
    if (Object.keys(s.consent).length > 0) {
      const { regions, ...consent } = s.consent;
      json.consent = regions ? { ...consent, regions: [...regions] } : consent;
    }
    return json;
  }

  /** A new call under the settings as they are now. `connects`: its `connected` event happens at once. */
  placeCall(call: CallJson, connects = true): void {
    const json: CallJson = { ...call };
    if (this.linkedAccount !== undefined) json.linkedAccount = this.linkedAccount;
    if (this.customerRegion !== undefined) json.customerRegion = this.customerRegion;
    this.call = { settings: this.settingsJson(), settingsChanges: [], call: json, events: [] };
    this.outcome = undefined;
    this.settingsVersions.push('');
    if (connects) this.happens({ type: 'connected' });
  }

  /** An event of the current call; the whole call is replayed again. */
  happens(event: CallEventJson): void {
    if (!this.call) throw new Error('no call has been placed yet');
    this.call.events.push(event);
    const outcome = replay(this.scenario());
    this.outcome = outcome.ok ? { ok: true, steps: outcome.replay.steps } : { ok: false, issues: outcome.issues };
    if (outcome.ok) this.settingsVersions[this.settingsVersions.length - 1] = outcome.replay.settingsVersion;
  }

  /**
   * HIS-2: the settings as the steps left them decide the current call from its next event on, as a
   * change saved between two events of a live call does; the call keeps what it had.
   */
  saveSettingsDuringCall(): void {
    if (!this.call || this.call.events.length === 0) throw new Error('no call is in progress: settings saved now apply to the next call');
    const beforeEvent = this.call.events.length;
    // Two saves between the same two events: the later one is what the next event meets.
    this.call.settingsChanges = [
      ...this.call.settingsChanges.filter((c) => c.beforeEvent < beforeEvent),
      { beforeEvent, settings: this.settingsJson() },
    ];
  }

  /** The index of the first event the last settings saved during the call decide. */
  savedFromEvent(): number {
    const change = this.call?.settingsChanges.at(-1);
    if (!change) throw new Error('no settings were saved during the call');
    return change.beforeEvent;
  }

  /** The version of the settings the current call started with, or of the last ones saved during it. */
  settingsVersionOf(which: 'start' | 'saved'): string {
    if (!this.call) throw new Error('no call has been placed yet');
    const settings = which === 'start' ? this.call.settings : this.call.settingsChanges.at(-1)?.settings;
    if (!settings) throw new Error('no settings were saved during the call');
    const read = validateSettings(settings);
    if (!read.ok) throw new Error(`invalid settings: ${read.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
    return settingsVersion(read.value);
  }

  /** The current call as a scenario of scenario-format.md (attached to the report when a scenario fails). */
  scenario(): Record<string, unknown> {
    if (!this.call) throw new Error('no call has been placed yet');
    const events = this.call.events;
    // A change saved after the last event decides nothing yet, and the format refuses it.
    const changes = this.call.settingsChanges.filter((change) => change.beforeEvent < events.length);
    return changes.length > 0
      ? { settings: this.call.settings, settingsChanges: changes, call: this.call.call, events }
      : { settings: this.call.settings, call: this.call.call, events };
  }

  hasCall(): boolean {
    return this.call !== undefined;
  }

  /** The steps of a valid replay; fails with the engine's reasons when the scenario was refused. */
  steps(): readonly ReplayStep[] {
    if (!this.outcome) throw new Error('nothing has happened on a call yet');
    if (!this.outcome.ok) {
      throw new Error(`the engine refused the call: ${this.outcome.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
    }
    return this.outcome.steps;
  }

  /** The decision after the last event. */
  decision(): ReplayStep {
    const steps = this.steps();
    const last = steps[steps.length - 1];
    if (!last) throw new Error('the call has no events yet');
    return last;
  }

  /** The decision before the last event. */
  previousDecision(): ReplayStep {
    const steps = this.steps();
    const previous = steps[steps.length - 2];
    if (!previous) throw new Error('the last event is the first of the call');
    return previous;
  }
}

setWorldConstructor(RecordingWorld);
