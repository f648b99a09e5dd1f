/**
 * The World of an @api scenario: the accounts it created (each with unique slugs and emails, so no
 * scenario sees another's data), their people, and what the API answered. Accounts and people are
 * written to the API's database (the API has no endpoint for them); everything else goes through
 * the HTTP API, logged in as a person of the account through `POST /api/v1/auth/login`.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { createAccount, UserSchema, unitOfWork } from '@ccp/db';
import type { ConsentMode, IndividualSetting, ModeSetting, Trigger, UnknownRegionTreatment } from '@ccp/policy-core';
import { setWorldConstructor, World } from '@cucumber/cucumber';
import { api } from './api-server.js';
import { type Answer, HttpClient, type RequestOptions } from './http.js';

export const EDIT_RECORDING_SETTINGS = 'Edit Call Recording Settings';
/** ACC-5: the permission the call history needs (holds, erasures and the retention period need EDIT_RECORDING_SETTINGS too). */
export const VIEW_CALL_HISTORY = 'View Call History';
/** What an account's admin may do, as the demo admin: the recording settings and the call history. */
const ADMIN_PERMISSIONS = [EDIT_RECORDING_SETTINGS, VIEW_CALL_HISTORY];

/** HIS-1: a call is in the history within this long of its end. */
export const HISTORY_DELAY_MS = 10_000;

/** The account of a scenario that speaks of "an account" / "its admin". */
export const THE_ACCOUNT = 'the account';

export interface Person {
  readonly name: string;
  readonly email: string;
  readonly id: string;
  /** Their login (once, however many requests wait for it). */
  token?: Promise<string>;
}

export interface Tenant {
  /** Its name in the scenario ("Acme", or THE_ACCOUNT). */
  readonly name: string;
  readonly id: string;
  readonly slug: string;
  readonly admin: Person;
  readonly people: Map<string, Person>;
  /** Queue and employee names of the scenario → their ids in the API. */
  readonly queues: Map<string, string>;
  readonly employees: Map<string, string>;
  /** Custom settings the scenario gave, by queue or employee id. */
  readonly customQueues: Map<string, ModeSetting>;
  readonly customEmployees: Map<string, IndividualSetting>;
}

/** CNS-2..4: the `consent` of the recording settings (complete when sent back). */
export interface ConsentSettings {
  mode: ConsentMode;
  /** The all-party list: region codes, ascending. */
  regions: string[];
  unknownRegion: UnknownRegionTreatment;
}

/** GET /recording-settings. */
export interface RecordingSettings {
  trigger: Trigger;
  connectMode: string;
  transfer: { toQueue: string; toEmployee: string };
  queueDefault: ModeSetting;
  individualDefault: IndividualSetting;
  consent: ConsentSettings;
  revision: number;
}

/** The body of PUT /recording-settings. */
export type SettingsBody = Omit<RecordingSettings, 'revision'> & { confirmSwitchToOnConnect?: boolean };

export interface QueueItem {
  id: string;
  name: string;
  custom: ModeSetting | null;
  effective: ModeSetting;
  followsDefault: boolean;
  revision: number;
}

export interface EmployeeItem {
  id: string;
  name: string;
  directLine: string;
  directLineDisplay: string;
  custom: IndividualSetting | null;
  effective: IndividualSetting;
  followsDefault: boolean;
  revision: number;
}

export interface ExclusionItem {
  entry: string;
  kind: 'number' | 'area-code';
  display: string;
  addedAt: string;
  addedBy: string;
}

export interface AuditItem {
  id: number;
  at: string;
  actorId: string;
  actorName: string;
  action: string;
  target: string | null;
  before: unknown;
  after: unknown;
}

/** One event of a reported call: as sent, the API's answer (a replay step with `settingsVersion`), and when it was sent and answered. */
export interface ReportedStep {
  readonly event: Record<string, unknown>;
  readonly answer: Record<string, unknown>;
  readonly sentAt: Date;
  readonly answeredAt: Date;
}

/** A queue call the scenario reported through the API as the telephony side does (its API key): what the history must keep (HIS-1). */
export interface ReportedCall {
  readonly callId: string;
  /** The customer's number and the queue, as the scenario wrote them. */
  readonly customer: string;
  readonly queue: string;
  /** Just before `POST /calls` was sent: the call started after it. */
  readonly startingAt: Date;
  readonly steps: ReportedStep[];
  /** When the API answered `ended`. */
  endedAt?: Date;
  /** The history listed it once (the worker moved it): it may be erased since. */
  kept: boolean;
  /** The index of the first event that met settings saved while the call was in progress (HIS-2). */
  savedBeforeEvent?: number;
}

/** `GET /calls`: a page of kept calls, newest first. */
export interface CallPage {
  items: {
    callId: string;
    call: Record<string, unknown>;
    status: string;
    startedAt: string;
    endedAt: string | null;
    outcome: string;
    rules: string[];
  }[];
  nextCursor: string | null;
}

/** What an account's admin reads of it: each list's body, or the status when it was refused. */
export interface AccountState {
  readonly settings: unknown;
  readonly queues: unknown;
  readonly employees: unknown;
  readonly exclusions: unknown;
  readonly audit: unknown;
}

/**
 * Custom settings a scenario gives without saying which, one after the other, none equal to the
 * defaults of GLB-1 (so following the default again is visible).
 */
const QUEUE_CUSTOMS: readonly ModeSetting[] = [
  { mode: 'always', announcement: 'prompt' },
  { mode: 'manual', announcement: 'never' },
  { mode: 'never', announcement: 'never' },
  { mode: 'always', announcement: 'never' },
];
const EMPLOYEE_CUSTOMS: readonly IndividualSetting[] = [
  { inbound: { mode: 'always', announcement: 'prompt' }, outbound: { mode: 'never', announcement: 'never' } },
  { inbound: { mode: 'manual', announcement: 'never' }, outbound: { mode: 'always', announcement: 'prompt' } },
  { inbound: { mode: 'never', announcement: 'never' }, outbound: { mode: 'manual', announcement: 'prompt' } },
];

/** How often a step waiting for the worker asks the history again. */
const HISTORY_POLL_MS = 100;

/** Direct lines of the employees an account's scenario introduces: (415) 555-0100, -0101, … */
const FIRST_DIRECT_LINE = 4155550100;

/** The id a queue or employee of the scenario gets: its name in lower case ("Billing" → "billing"). */
export function idOf(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** Fails unless the answer has this status, showing the whole answer. */
export function expectStatus(answer: Answer, status: number): void {
  assert.equal(answer.status, status, `${answer.method} ${answer.path} answered ${answer.status} ${answer.text}, not ${status}`);
}

/** Fails unless the answer is a problem (RFC 9457) of this status and `type` (api.md names types by their last segment). */
export function expectProblem(answer: Answer, status: number, type: string): Record<string, unknown> {
  expectStatus(answer, status);
  assert.match(String(answer.headers['content-type']), /^application\/problem\+json/, `${answer.method} ${answer.path}: not a problem`);
  const problem = answer.json();
  assert.equal(String(problem.type).split('/').pop(), type, `${answer.method} ${answer.path}: problem type ${problem.type}`);
  assert.equal(problem.status, status);
  return problem;
}

export class ApiWorld extends World {
  readonly http = new HttpClient(api().url);
  readonly tenants = new Map<string, Tenant>();
  /** The answers to the last action (a When step), for the Then steps. */
  answers: Answer[] = [];
  /** Every account as its admin read it just before the last action. */
  readonly before = new Map<string, AccountState>();
  /** The person "they" refers to. */
  they: Person | undefined;
  /** When the last action started and ended (the audit log's "and when"). */
  actedBetween: { from: Date; to: Date } | undefined;
  /** The calls the scenario reported through the API, in order (HIS). */
  readonly calls: ReportedCall[] = [];
  /** Each account's API key, as its telephony side reports calls with it (created on first use). */
  private readonly keys = new Map<string, Promise<string>>();

  // Accounts and people (in the database)

  tenant(name: string = THE_ACCOUNT): Tenant {
    const tenant = this.tenants.get(name);
    if (!tenant) throw new Error(`the scenario has no account ${JSON.stringify(name)}`);
    return tenant;
  }

  /** The scenario's account, created with the feature and the network on its first mention. */
  async theAccount(): Promise<Tenant> {
    return this.tenants.get(THE_ACCOUNT) ?? this.createTenant(THE_ACCOUNT);
  }

  async createTenant(
    name: string,
    features = { contactCenterPro: true, enterpriseHubNetwork: true },
    adminName = `${name === THE_ACCOUNT ? 'Account' : name} Admin`,
  ): Promise<Tenant> {
    assert.ok(!this.tenants.has(name), `the scenario has an account ${JSON.stringify(name)} already`);
    const slug = `${idOf(name === THE_ACCOUNT ? 'account' : name)}-${randomUUID().slice(0, 8)}`;
    const em = unitOfWork(api().orm);
    const account = await createAccount(em, { slug, name: name === THE_ACCOUNT ? slug : name, ...features });
    const tenant: Tenant = {
      name,
      id: account.id,
      slug,
      admin: await this.addPersonTo(slug, account.id, adminName, ADMIN_PERMISSIONS),
      people: new Map(),
      queues: new Map(),
      employees: new Map(),
      customQueues: new Map(),
      customEmployees: new Map(),
    };
    tenant.people.set(adminName, tenant.admin);
    this.tenants.set(name, tenant);
    return tenant;
  }

  async addPerson(tenant: Tenant, name: string, permissions: string[]): Promise<Person> {
    const person = await this.addPersonTo(tenant.slug, tenant.id, name, permissions);
    tenant.people.set(name, person);
    return person;
  }

  private async addPersonTo(slug: string, accountId: string, name: string, permissions: string[]): Promise<Person> {
    const em = unitOfWork(api().orm);
    const person = { id: randomUUID(), name, email: `${idOf(name)}@${slug}.test` };
    em.create(UserSchema, { ...person, account: accountId, passwordHash: api().passwordHash, permissions });
    await em.flush();
    return person;
  }

  /** A person of any account of the scenario, by name. */
  person(name: string): Person {
    for (const tenant of this.tenants.values()) {
      const person = tenant.people.get(name);
      if (person) return person;
    }
    throw new Error(`the scenario has no person ${JSON.stringify(name)}`);
  }

  // HTTP

  /** A request of the API (`/api/v1/…`) by a person, logged in through `POST /api/v1/auth/login` on first use. */
  async send(person: Person, method: string, path: string, options: RequestOptions = {}): Promise<Answer> {
    person.token ??= this.login(person);
    return this.http.send(method, `/api/v1${path}`, { ...options, token: await person.token });
  }

  private async login(person: Person): Promise<string> {
    const answer = await this.http.send('POST', '/api/v1/auth/login', { body: { email: person.email, password: api().password } });
    expectStatus(answer, 200);
    const { token } = answer.json<{ token: string }>();
    assert.equal(typeof token, 'string');
    return token;
  }

  /** GET as a person; fails unless 200. */
  async read<T>(person: Person, path: string): Promise<T> {
    const answer = await this.send(person, 'GET', path);
    expectStatus(answer, 200);
    return answer.json<T>();
  }

  /** Sends a request and fails unless it answers with this status. */
  async expect(person: Person, status: number, method: string, path: string, options: RequestOptions = {}): Promise<Answer> {
    const answer = await this.send(person, method, path, options);
    expectStatus(answer, status);
    return answer;
  }

  // Reading an account

  async settingsOf(tenant: Tenant): Promise<RecordingSettings> {
    return this.read<RecordingSettings>(tenant.admin, '/recording-settings');
  }

  /**
   * `PUT /recording-settings` by a person: the settings as `reader` (the account's admin unless said)
   * reads them now, changed by `change`, with the revision read as If-Match. Answers the PUT, whatever
   * it says.
   */
  async putSettings(
    person: Person,
    tenant: Tenant,
    change: (settings: SettingsBody) => void,
    reader: Person = tenant.admin,
  ): Promise<Answer> {
    const { revision, ...body } = await this.read<RecordingSettings>(reader, '/recording-settings');
    change(body);
    return this.send(person, 'PUT', '/recording-settings', { body, headers: { 'if-match': `"${revision}"` } });
  }

  /** Everything the admin of an account reads of it (each body, or the status it was refused with). */
  async stateOf(tenant: Tenant): Promise<AccountState> {
    const read = async (path: string) => {
      const answer = await this.send(tenant.admin, 'GET', path);
      return answer.status === 200 ? answer.json() : { status: answer.status };
    };
    const [settings, queues, employees, exclusions, audit] = await Promise.all([
      read('/recording-settings'),
      read('/queues'),
      read('/employees'),
      read('/exclusions?limit=500'),
      read('/audit?limit=200'),
    ]);
    return { settings, queues, employees, exclusions, audit };
  }

  /** Called before every action (hooks.ts): what "unchanged" compares with. */
  async rememberState(): Promise<void> {
    this.before.clear();
    for (const tenant of this.tenants.values()) this.before.set(tenant.name, await this.stateOf(tenant));
  }

  stateBefore(tenant: Tenant): AccountState {
    const state = this.before.get(tenant.name);
    if (!state) throw new Error(`nothing was read of ${JSON.stringify(tenant.name)} before the action`);
    return state;
  }

  /** Runs the action, keeping its answers and when it happened. */
  async act(action: () => Promise<Answer | Answer[]>): Promise<void> {
    const from = new Date();
    const answers = await action();
    this.answers = Array.isArray(answers) ? answers : [answers];
    this.actedBetween = { from, to: new Date() };
  }

  /** The one answer of the last action. */
  answer(): Answer {
    assert.equal(this.answers.length, 1, 'the last action should have had one answer');
    return this.answers[0] as Answer;
  }

  // Queues and employees, as the account's admin keeps them

  /** The queue exists (created through the API on first mention) and follows the queue default. */
  async ensureQueue(tenant: Tenant, name: string): Promise<string> {
    const known = tenant.queues.get(name);
    if (known !== undefined) {
      if (tenant.customQueues.has(known)) {
        await this.expect(tenant.admin, 200, 'DELETE', `/queues/${known}/recording`);
        tenant.customQueues.delete(known);
      }
      return known;
    }
    const id = idOf(name);
    await this.expect(tenant.admin, 201, 'POST', '/queues', { body: { id, name } });
    tenant.queues.set(name, id);
    return id;
  }

  /** Custom settings for a queue (created if need be): the given ones, else the next of QUEUE_CUSTOMS. */
  async setQueueCustom(tenant: Tenant, name: string, setting?: ModeSetting): Promise<ModeSetting> {
    const id = await this.ensureQueue(tenant, name);
    const custom = setting ?? (QUEUE_CUSTOMS[tenant.customQueues.size % QUEUE_CUSTOMS.length] as ModeSetting);
    const queue = await this.read<QueueItem>(tenant.admin, `/queues/${id}`);
    await this.expect(tenant.admin, 200, 'PUT', `/queues/${id}/recording`, {
      body: custom,
      headers: { 'if-match': `"${queue.revision}"` },
    });
    tenant.customQueues.set(id, custom);
    return custom;
  }

  queueId(tenant: Tenant, name: string): string {
    const id = tenant.queues.get(name);
    if (id === undefined) throw new Error(`${JSON.stringify(tenant.name)} has no queue ${JSON.stringify(name)}`);
    return id;
  }

  /** The employee exists (created through the API with the next direct line) and follows the individual defaults. */
  async ensureEmployee(tenant: Tenant, name: string): Promise<string> {
    const known = tenant.employees.get(name);
    if (known !== undefined) {
      if (tenant.customEmployees.has(known)) {
        await this.expect(tenant.admin, 200, 'DELETE', `/employees/${known}/recording`);
        tenant.customEmployees.delete(known);
      }
      return known;
    }
    const id = idOf(name);
    const digits = String(FIRST_DIRECT_LINE + tenant.employees.size);
    const directLine = `(${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6)}`;
    await this.expect(tenant.admin, 201, 'POST', '/employees', { body: { id, name, directLine } });
    tenant.employees.set(name, id);
    return id;
  }

  async setEmployeeCustom(tenant: Tenant, name: string): Promise<IndividualSetting> {
    const id = await this.ensureEmployee(tenant, name);
    const custom = EMPLOYEE_CUSTOMS[tenant.customEmployees.size % EMPLOYEE_CUSTOMS.length] as IndividualSetting;
    const employee = await this.read<EmployeeItem>(tenant.admin, `/employees/${id}`);
    await this.expect(tenant.admin, 200, 'PUT', `/employees/${id}/recording`, {
      body: custom,
      headers: { 'if-match': `"${employee.revision}"` },
    });
    tenant.customEmployees.set(id, custom);
    return custom;
  }

  employeeId(tenant: Tenant, name: string): string {
    const id = tenant.employees.get(name);
    if (id === undefined) throw new Error(`${JSON.stringify(tenant.name)} has no employee ${JSON.stringify(name)}`);
    return id;
  }

  /** Adds entries to the exclusion list, each new (201). */
  async addExclusions(tenant: Tenant, entries: readonly string[]): Promise<void> {
    for (const entry of entries) await this.expect(tenant.admin, 201, 'POST', '/exclusions', { body: { entry } });
  }

  /** The whole exclusion list as the console shows it (`display`), in the API's order. */
  async exclusionsOf(tenant: Tenant): Promise<string[]> {
    const page = await this.read<{ items: ExclusionItem[]; nextCursor: string | null }>(tenant.admin, '/exclusions?limit=500');
    assert.equal(page.nextCursor, null, 'the list should fit one page');
    return page.items.map((item) => item.display);
  }

  // Calls, as the telephony side reports them, and the call history (HIS)

  /** The API key of an account's telephony side, created by its admin on first use. */
  apiKey(tenant: Tenant = this.tenant()): Promise<string> {
    let key = this.keys.get(tenant.name);
    if (!key) {
      key = this.expect(tenant.admin, 201, 'POST', '/api-keys', { body: { name: 'telephony' } }).then(
        (answer) => answer.json<{ key: string }>().key,
      );
      this.keys.set(tenant.name, key);
    }
    return key;
  }

  /** A request of the API (`/api/v1/…`) with the account's API key, as the telephony side sends it. */
  async sendAsTelephony(method: string, path: string, options: RequestOptions = {}): Promise<Answer> {
    return this.http.send(method, `/api/v1${path}`, { ...options, token: await this.apiKey() });
  }

  /** A queue call from `customer` started (`POST /calls`) and connected by the telephony side of the scenario's account. */
  async startCall(customer: string, queue: string): Promise<ReportedCall> {
    return this.placeCall({ kind: 'queue', customer, queue: this.queueId(this.tenant(), queue) }, { customer, queue });
  }

  /**
   * A call of any kind started (`POST /calls`, `call` as scenario-format.md has it, with the API's ids) by
   * the telephony side of the scenario's account, then connected. `customer` and `queue` as the scenario
   * wrote them ('' when it named none).
   */
  async placeCall(call: Record<string, unknown>, names: { customer: string; queue: string }): Promise<ReportedCall> {
    const reported: ReportedCall = { callId: `call-${randomUUID()}`, ...names, startingAt: new Date(), steps: [], kept: false };
    expectStatus(await this.sendAsTelephony('POST', '/calls', { body: { callId: reported.callId, call } }), 201);
    this.calls.push(reported);
    await this.report(reported, { type: 'connected' });
    return reported;
  }

  /** One event of a call, reported by the telephony side: fails unless the API decides it (200). */
  async report(call: ReportedCall, event: Record<string, unknown>): Promise<Record<string, unknown>> {
    const sentAt = new Date();
    const answer = await this.sendAsTelephony('POST', `/calls/${call.callId}/events`, { body: { event } });
    const answeredAt = new Date();
    expectStatus(answer, 200);
    const decision = answer.json();
    call.steps.push({ event, answer: decision, sentAt, answeredAt });
    if (event.type === 'ended') call.endedAt = answeredAt;
    return decision;
  }

  /** The call the scenario speaks of as "the call": the last one reported. */
  currentCall(): ReportedCall {
    const call = this.calls.at(-1);
    if (!call) throw new Error('the scenario has reported no call');
    return call;
  }

  /** The one call of the scenario from this number (to this queue, when said), as the scenario wrote them. */
  reportedCall(customer: string, queue?: string): ReportedCall {
    const calls = this.calls.filter((call) => call.customer === customer && (queue === undefined || call.queue === queue));
    const which = `from ${customer}${queue === undefined ? '' : ` to the queue ${queue}`}`;
    assert.equal(calls.length, 1, `the scenario has ${calls.length} calls ${which}, not one`);
    return calls[0] as ReportedCall;
  }

  /**
   * HIS-1: waits until the history (`GET /calls`, as the admin reads it) lists every call the scenario
   * ended, polling; fails naming the calls it waited for when one is not there 10 s after its end.
   */
  async awaitHistory(): Promise<void> {
    const tenant = this.tenant();
    for (;;) {
      const waiting = this.calls.filter((call) => call.endedAt && !call.kept);
      if (waiting.length === 0) return;
      const { items } = await this.read<CallPage>(tenant.admin, '/calls?limit=200');
      const listed = new Set(items.map((item) => item.callId));
      for (const call of waiting) call.kept = listed.has(call.callId);
      const late = waiting.filter((call) => !call.kept && Date.now() - (call.endedAt as Date).getTime() > HISTORY_DELAY_MS);
      if (late.length > 0) {
        const calls = late.map((call) => `${call.callId} (from ${call.customer}, ended ${call.endedAt?.toISOString()})`);
        assert.fail(
          `waited ${HISTORY_DELAY_MS / 1000} s after their end for the worker to move ${calls.join(', ')} to the call history: ` +
            `GET /calls lists only ${JSON.stringify([...listed])}`,
        );
      }
      await sleep(HISTORY_POLL_MS);
    }
  }
}

setWorldConstructor(ApiWorld);
