import { readRegionCode, regionCodeProblem } from './consent/consent.js';
import { IssueList, type Validated } from './issues.js';
import { normalizePhoneNumber } from './phone.js';
import { AGENT_ACTIONS, type AgentAction, CALL_KINDS, type CallKind } from './vocabulary.js';

/** One call of scenario-format.md, normalized: numbers in E.164, `linkedAccount` resolved. */
export interface Call {
  readonly kind: CallKind;
  /** The other party's number in E.164, or null when withheld. */
  readonly customer: string | null;
  /** The queue a `queue` call arrives in. */
  readonly queue?: string;
  /** The employee whose direct line is called (`direct`), or who places the call. */
  readonly employee?: string;
  /** Outbound calls only: dialled on the keypad (IND-2). */
  readonly keypad?: boolean;
  /** Whether the call is linked to a customer account, which PAY-1 needs. */
  readonly linkedAccount: boolean;
  /** The customer's region from the linked customer account's address, as the telephony side sends it (CNS-1). */
  readonly customerRegion?: string;
}

/** An event of a call, as scenario-format.md lists them. */
export type CallEvent =
  | { readonly type: 'connected' }
  | { readonly type: 'redirected'; readonly queue: string }
  | { readonly type: 'answered'; readonly employee: string }
  | { readonly type: 'transferred'; readonly toQueue: string }
  | { readonly type: 'transferred'; readonly toEmployee: string }
  | { readonly type: 'forwarded'; readonly number: string }
  | { readonly type: 'agent'; readonly action: AgentAction }
  | { readonly type: 'payment-screen'; readonly open: boolean }
  | { readonly type: 'consent'; readonly given: boolean }
  | { readonly type: 'ended' };

export type CallEventType = CallEvent['type'];
export const CALL_EVENT_TYPES = [
  'connected',
  'redirected',
  'answered',
  'transferred',
  'forwarded',
  'agent',
  'payment-screen',
  'consent',
  'ended',
] as const satisfies readonly CallEventType[];

/**
 * Scenario-format.md: `linkedAccount` defaults to false for direct calls and keypad outbound calls
 * (PAY-2: they have no linked customer account), to true for every other kind.
 */
function defaultLinkedAccount(kind: CallKind, keypad: boolean): boolean {
  return !(kind === 'direct' || (kind === 'outbound' && keypad));
}

const CALL_KEYS = ['kind', 'customer', 'queue', 'employee', 'keypad', 'linkedAccount', 'customerRegion'];
const NEEDS_QUEUE: readonly CallKind[] = ['queue'];
const NEEDS_EMPLOYEE: readonly CallKind[] = ['direct', 'outbound', 'click-to-call'];

/** Reads a call from untrusted input. Whether its queue or employee exists is checked against a policy when it connects. */
export function validateCall(input: unknown, path = 'call'): Validated<Call> {
  const issues = new IssueList();
  const raw = issues.object(input, path, CALL_KEYS);
  if (!raw) return issues.result<Call>(undefined);
  const kind = issues.oneOf(raw.kind, `${path}.kind`, CALL_KINDS);
  // A withheld number is no problem: `exc2Listed` says what it means for the exclusion list.
  let customer: string | null = null;
  if (raw.customer !== undefined && raw.customer !== null) {
    const number = normalizePhoneNumber(raw.customer);
    if (number.ok) customer = number.value;
    else issues.add(`${path}.customer`, number.reason);
  }
  if (!kind) return issues.result<Call>(undefined);
  const call: { -readonly [K in keyof Call]: Call[K] } = { kind, customer, linkedAccount: false };
  if (NEEDS_QUEUE.includes(kind)) {
    const queue = issues.id(raw.queue, `${path}.queue`);
    if (queue !== undefined) call.queue = queue;
  } else if (raw.queue !== undefined) {
    issues.add(
      `${path}.queue`,
      `a ${kind} call has no queue${kind === 'virtual-agent' ? ' (it is handed to one by a "transferred" event)' : ''}`,
    );
  }
  if (NEEDS_EMPLOYEE.includes(kind)) {
    const employee = issues.id(raw.employee, `${path}.employee`);
    if (employee !== undefined) call.employee = employee;
  } else if (raw.employee !== undefined) {
    issues.add(`${path}.employee`, `a ${kind} call has no employee (it is answered by an "answered" event)`);
  }
  let keypad = false;
  if (raw.keypad !== undefined) {
    if (kind !== 'outbound') issues.add(`${path}.keypad`, 'only outbound calls are dialled on the keypad');
    else keypad = issues.boolean(raw.keypad, `${path}.keypad`) ?? false;
    if (kind === 'outbound') call.keypad = keypad;
  }
  call.linkedAccount =
    raw.linkedAccount === undefined
      ? defaultLinkedAccount(kind, keypad)
      : (issues.boolean(raw.linkedAccount, `${path}.linkedAccount`) ?? false);
  // null is no region, as an absent field: a call without a linked account has none to send.
  if (raw.customerRegion !== undefined && raw.customerRegion !== null) {
    const region = readRegionCode(raw.customerRegion);
    if (region === null) issues.add(`${path}.customerRegion`, regionCodeProblem(raw.customerRegion), 'CNS-1');
    else call.customerRegion = region;
  }
  return issues.result<Call>(call);
}

const EVENT_KEYS: Record<CallEventType, readonly string[]> = {
  connected: ['type'],
  redirected: ['type', 'queue'],
  answered: ['type', 'employee'],
  transferred: ['type', 'toQueue', 'toEmployee'],
  forwarded: ['type', 'number'],
  agent: ['type', 'action'],
  'payment-screen': ['type', 'open'],
  consent: ['type', 'given'],
  ended: ['type'],
};

/** Reads one event from untrusted input; whether it can happen is for `step` to say. */
export function validateEvent(input: unknown, path = 'event'): Validated<CallEvent> {
  const issues = new IssueList();
  const isObject = typeof input === 'object' && input !== null && !Array.isArray(input);
  const type = isObject ? issues.oneOf((input as { type?: unknown }).type, `${path}.type`, CALL_EVENT_TYPES) : undefined;
  const raw = isObject && !type ? undefined : issues.object(input, path, type ? EVENT_KEYS[type] : []);
  if (!raw || !type) return issues.result<CallEvent>(undefined);
  switch (type) {
    case 'connected':
    case 'ended':
      return issues.result<CallEvent>({ type });
    case 'redirected': {
      const queue = issues.id(raw.queue, `${path}.queue`);
      return issues.result<CallEvent>(queue === undefined ? undefined : { type, queue });
    }
    case 'answered': {
      const employee = issues.id(raw.employee, `${path}.employee`);
      return issues.result<CallEvent>(employee === undefined ? undefined : { type, employee });
    }
    case 'transferred': {
      if ((raw.toQueue === undefined) === (raw.toEmployee === undefined)) {
        issues.add(path, 'a transfer names exactly one of toQueue or toEmployee');
        return issues.result<CallEvent>(undefined);
      }
      if (raw.toQueue !== undefined) {
        const toQueue = issues.id(raw.toQueue, `${path}.toQueue`);
        return issues.result<CallEvent>(toQueue === undefined ? undefined : { type, toQueue });
      }
      const toEmployee = issues.id(raw.toEmployee, `${path}.toEmployee`);
      return issues.result<CallEvent>(toEmployee === undefined ? undefined : { type, toEmployee });
    }
    case 'forwarded': {
      const number = raw.number === undefined ? undefined : normalizePhoneNumber(raw.number);
      if (!number) issues.add(`${path}.number`, 'is required (the external number the call is forwarded to)');
      else if (!number.ok) issues.add(`${path}.number`, number.reason);
      return issues.result<CallEvent>(number?.ok ? { type, number: number.value } : undefined);
    }
    case 'agent': {
      const action = issues.oneOf(raw.action, `${path}.action`, AGENT_ACTIONS);
      return issues.result<CallEvent>(action === undefined ? undefined : { type, action });
    }
    case 'payment-screen': {
      const open =
        raw.open === undefined ? issues.add(`${path}.open`, 'is required (true or false)') : issues.boolean(raw.open, `${path}.open`);
      return issues.result<CallEvent>(open === undefined ? undefined : { type, open });
    }
    case 'consent': {
      const given =
        raw.given === undefined
          ? issues.add(`${path}.given`, 'is required (true: the customer consents; false: refuses or withdraws consent)')
          : issues.boolean(raw.given, `${path}.given`);
      return issues.result<CallEvent>(given === undefined ? undefined : { type, given });
    }
  }
}
