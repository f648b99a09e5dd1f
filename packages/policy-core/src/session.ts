import type { Call, CallEvent } from './call.js';
import { matchesNumberOrAreaCode } from './exclusion-set.js';
import {
  FWD1_RECORDS_EXCLUDED_CALLS,
  mod5MayPause,
  START_WHILE_PAUSED_CHANGES_NOTHING,
  VIRTUAL_AGENT_HANDS_OFF_TO_QUEUES_ONLY,
} from './interpretations.js';
import type { Issue } from './issues.js';
import { customerKey } from './phone.js';
import type { CompiledEmployee, CompiledPolicy, Terms } from './policy.js';
import type { RuleId } from './rules.js';
import type { AgentAction, Recording, Trigger } from './vocabulary.js';

/** What the agent may do with the recording now. */
export interface Controls {
  readonly start: boolean;
  readonly stop: boolean;
  readonly pause: boolean;
  readonly resume: boolean;
}

/** The decision after an event, exactly as a replay step of scenario-format.md shows it (without the event). */
export interface Decision {
  readonly recording: Recording;
  readonly controls: Controls;
  /** Whether the record button shows the announcement tooltip (ANN-1). */
  readonly prompt: boolean;
  /** Whether PAY-1 can pause this call automatically; false is the PAY-2 warning. */
  readonly autoPause: boolean;
  /** The rules that decided this step, most decisive first. */
  readonly rules: readonly RuleId[];
  /** For an agent action the engine refused, the rule that forbids it; the state is unchanged. */
  readonly rejected: RuleId | null;
}

type TransferRuleId = 'TRF-1' | 'TRF-2' | 'TRF-3' | 'TRF-4';
type Override = 'FWD-1' | 'VA-1' | 'EXC-2' | 'EXC-5';

/**
 * Everything the engine remembers of one call between events. Plain data (it is stored in Redis
 * between events); only `step` makes a new one.
 */
export interface CallSession {
  readonly call: Call;
  readonly phase: 'new' | 'live' | 'ended';
  /** The trigger in force when the call connected. */
  readonly trigger: Trigger | null;
  /** The queue the call is in, or was last answered from. */
  readonly queue: string | null;
  /** The employee on the line, or null while the call waits. */
  readonly agent: string | null;
  readonly agentLineListed: boolean;
  /** Who may answer next: a member of this queue, or this employee. */
  readonly awaitingQueue: string | null;
  readonly awaitingEmployee: string | null;
  readonly answered: boolean;
  readonly redirected: boolean;
  /** A Virtual Agent call handed to a queue. */
  readonly handedOff: boolean;
  /** The transfer rule of a transfer waiting for its answer. */
  readonly pendingTransfer: TransferRuleId | null;
  /** The settings in force, once someone answered (or from connect, for `on-connect` and placed calls). */
  readonly terms: Terms | null;
  readonly recording: Recording;
  readonly pausedBy: 'agent' | 'screen' | null;
  readonly paymentScreenOpen: boolean;
  readonly forwarded: boolean;
  /** The exclusion that holds for the whole call (TRF-6), decided when it connects. */
  readonly excludedBy: 'EXC-2' | 'EXC-5' | null;
}

/** The outcome of one event: the next session and its decision, or why the event cannot happen now. */
export type StepOutcome =
  | { readonly ok: true; readonly session: CallSession; readonly decision: Decision }
  | { readonly ok: false; readonly reason: string };

/** A session for a call that has not connected yet. */
export function startSession(call: Call): CallSession {
  return {
    call,
    phase: 'new',
    trigger: null,
    queue: null,
    agent: null,
    agentLineListed: false,
    awaitingQueue: null,
    awaitingEmployee: null,
    answered: false,
    redirected: false,
    handedOff: false,
    pendingTransfer: null,
    terms: null,
    recording: 'off',
    pausedBy: null,
    paymentScreenOpen: false,
    forwarded: false,
    excludedBy: null,
  };
}

/**
 * The call-session state machine: applies one event to a session under a compiled policy and
 * returns the next session with its decision. Pure: the inputs are not changed and nothing else is
 * touched. An event that cannot happen at this point of the call (an answer before `connected`,
 * anything after `ended`, an unknown queue or employee) is refused with the reason.
 */
export function step(session: CallSession, event: CallEvent, policy: CompiledPolicy): StepOutcome {
  if (session.phase === 'ended') return refuse(`nothing can follow "ended"`);
  if (session.phase === 'new') {
    return event.type === 'connected' ? connect(session, policy) : refuse(`the first event is "connected", not "${event.type}"`);
  }
  switch (event.type) {
    case 'connected':
      return refuse('"connected": the call is already connected');
    case 'redirected':
      return redirect(session, event.queue, policy);
    case 'answered':
      return answer(session, event.employee, policy);
    case 'transferred':
      return transfer(session, 'toQueue' in event ? event.toQueue : null, 'toEmployee' in event ? event.toEmployee : null, policy);
    case 'forwarded':
      return forward(session);
    case 'agent':
      return agentAction(session, event.action);
    case 'payment-screen':
      return paymentScreen(session, event.open);
    case 'ended':
      return accept({ ...session, phase: 'ended', recording: 'off', agent: null, pausedBy: null, paymentScreenOpen: false }, NO_RULES);
  }
}

/** The current decision of a session, as after its last event (for `GET /calls/{id}`). */
export function currentDecision(session: CallSession): Decision {
  return decide(session, NO_RULES, null);
}

/** The reason a call cannot be decided under a policy (its queue or employee is unknown), or null. */
export function callReferenceIssue(call: Call, policy: CompiledPolicy): Issue | null {
  if (call.queue !== undefined && !policy.queues.has(call.queue)) {
    return { path: 'call.queue', message: `unknown queue ${JSON.stringify(call.queue)}` };
  }
  if (call.employee !== undefined && !policy.employees.has(call.employee)) {
    return { path: 'call.employee', message: `unknown employee ${JSON.stringify(call.employee)}` };
  }
  return null;
}

const NO_RULES: readonly RuleId[] = Object.freeze([]);

function refuse(reason: string): StepOutcome {
  return { ok: false, reason };
}

function accept(next: CallSession, eventRules: readonly RuleId[], rejected: RuleId | null = null): StepOutcome {
  return { ok: true, session: next, decision: decide(next, eventRules, rejected) };
}

function connect(session: CallSession, policy: CompiledPolicy): StepOutcome {
  const problem = callReferenceIssue(session.call, policy);
  if (problem) return refuse(`"connected": ${problem.path} is an ${problem.message}`);
  const { kind, queue, employee: employeeId } = session.call;
  const employee = employeeId === undefined ? undefined : (policy.employees.get(employeeId) as CompiledEmployee);
  const placed = kind === 'outbound' || kind === 'click-to-call';
  let terms: Terms | null = null;
  if (policy.trigger === 'on-connect') terms = policy.connectTerms;
  else if (employee && kind === 'outbound') terms = employee.outbound;
  else if (employee && kind === 'click-to-call') terms = employee.clickToCall;
  const next: CallSession = {
    ...session,
    phase: 'live',
    trigger: policy.trigger,
    queue: queue ?? null,
    agent: placed && employee ? employee.id : null,
    agentLineListed: placed && employee ? employee.directLineListed : false,
    awaitingQueue: kind === 'queue' ? (queue ?? null) : null,
    awaitingEmployee: kind === 'direct' ? (employeeId ?? null) : null,
    terms,
    excludedBy: exclusionOf(session.call, employee, policy),
  };
  return accept({ ...next, recording: autoStart(next) }, NO_RULES);
}

/** EXC-2 (the other party's number or area code is listed), else EXC-5 (a personal call of a listed direct line). */
function exclusionOf(call: Call, employee: CompiledEmployee | undefined, policy: CompiledPolicy): 'EXC-2' | 'EXC-5' | null {
  if (call.customer !== null && matchesNumberOrAreaCode(policy.exclusions, customerKey(call.customer))) return 'EXC-2';
  // Only direct, outbound and click-to-call calls carry an employee: exactly the personal calls of EXC-5.
  if (employee?.directLineListed) return 'EXC-5';
  return null;
}

/** The rule that decides the recording above any setting (the precedence of recording-rules.md), or null. */
function overridingRule(session: CallSession): Override | null {
  if (session.forwarded && (FWD1_RECORDS_EXCLUDED_CALLS || session.excludedBy === null)) return 'FWD-1';
  if (session.call.kind === 'virtual-agent') return 'VA-1';
  return session.excludedBy;
}

/** The recording a call gets when its settings (re)start: the override, else the mode (MOD-1..4, GLB-3). */
function autoStart(session: CallSession): Recording {
  const override = overridingRule(session);
  if (override === 'FWD-1' || override === 'VA-1') return 'on';
  if (override !== null || session.terms === null) return 'off';
  return session.terms.mode === 'always' || session.terms.mode === 'automatic' ? 'on' : 'off';
}

function redirect(session: CallSession, queue: string, policy: CompiledPolicy): StepOutcome {
  if (session.call.kind !== 'queue')
    return refuse(`"redirected": only queue calls are redirected, and this is a ${session.call.kind} call`);
  if (session.forwarded) return refuse('"redirected": no routing event follows "forwarded"');
  if (session.answered || session.agent !== null) return refuse('"redirected": a call is redirected only before its first answer');
  if (!policy.queues.has(queue)) return refuse(`"redirected": unknown queue ${JSON.stringify(queue)}`);
  if (queue === session.awaitingQueue) return refuse(`"redirected": the call is already in queue ${JSON.stringify(queue)}`);
  return accept({ ...session, queue, awaitingQueue: queue, redirected: true }, NO_RULES);
}

function answer(session: CallSession, employeeId: string, policy: CompiledPolicy): StepOutcome {
  if (session.forwarded) return refuse('"answered": no routing event follows "forwarded"');
  if (session.agent !== null) return refuse(`"answered" needs a waiting call, but ${JSON.stringify(session.agent)} is on the line`);
  const employee = policy.employees.get(employeeId);
  if (!employee) return refuse(`"answered": unknown employee ${JSON.stringify(employeeId)}`);
  if (session.awaitingEmployee !== null && session.awaitingEmployee !== employeeId) {
    return refuse(`"answered": only ${JSON.stringify(session.awaitingEmployee)} can answer, the call rings that employee`);
  }
  if (session.awaitingEmployee === null && session.awaitingQueue === null) {
    return refuse(
      session.call.kind === 'virtual-agent'
        ? '"answered": a Virtual Agent call is answered only after its hand-off to a queue'
        : `"answered": a${session.call.kind === 'outbound' ? 'n' : ''} ${session.call.kind} call is answered only after a transfer`,
    );
  }
  const answered: CallSession = {
    ...session,
    agent: employee.id,
    agentLineListed: employee.directLineListed,
    awaitingQueue: null,
    awaitingEmployee: null,
    answered: true,
    pendingTransfer: null,
  };
  // GLB-3, TRF-5: under on-connect an answer changes nothing but who is on the line.
  if (session.trigger === 'on-connect') return accept(answered, NO_RULES);
  const transferRule = session.pendingTransfer;
  const keepsOriginal = transferRule === 'TRF-1' || transferRule === 'TRF-3';
  if (keepsOriginal && session.terms !== null) {
    return accept({ ...answered, terms: leading(transferRule, session.terms) }, NO_RULES);
  }
  let destination: Terms;
  if (session.awaitingQueue !== null) {
    const queue = policy.queues.get(session.awaitingQueue);
    if (!queue) return refuse(`"answered": unknown queue ${JSON.stringify(session.awaitingQueue)}`);
    destination = session.redirected && !session.answered && transferRule === null ? redirected(queue.terms) : queue.terms;
  } else {
    destination = employee.inbound;
  }
  if (transferRule !== null && !keepsOriginal) destination = leading(transferRule, destination);
  const next: CallSession = { ...answered, terms: destination, pausedBy: null };
  return accept({ ...next, recording: autoStart(next) }, NO_RULES);
}

/** QUE-6: the answering queue's terms, traced as reached by a redirect. */
function redirected(terms: Terms): Terms {
  return { ...terms, rules: ['GLB-2', 'QUE-6', ...terms.rules.slice(1)] };
}

function leading(rule: RuleId, terms: Terms): Terms {
  return terms.rules.includes(rule) ? terms : { ...terms, rules: [rule, ...terms.rules] };
}

function transfer(session: CallSession, toQueue: string | null, toEmployee: string | null, policy: CompiledPolicy): StepOutcome {
  if (session.forwarded) return refuse('"transferred": no routing event follows "forwarded"');
  if (session.paymentScreenOpen) return refuse('"transferred": a call is not transferred while the payment screen is open');
  if (toQueue !== null && !policy.queues.has(toQueue)) return refuse(`"transferred": unknown queue ${JSON.stringify(toQueue)}`);
  if (toEmployee !== null && !policy.employees.has(toEmployee))
    return refuse(`"transferred": unknown employee ${JSON.stringify(toEmployee)}`);
  if (toEmployee !== null && toEmployee === session.agent)
    return refuse(`"transferred": ${JSON.stringify(toEmployee)} is already on the line`);
  if (session.call.kind === 'virtual-agent' && !session.handedOff) {
    if (toQueue === null && VIRTUAL_AGENT_HANDS_OFF_TO_QUEUES_ONLY)
      return refuse('"transferred": a Virtual Agent call is handed off to a queue first');
    return accept({ ...session, handedOff: true, queue: toQueue, awaitingQueue: toQueue, awaitingEmployee: toEmployee }, NO_RULES);
  }
  const waiting: CallSession = {
    ...session,
    agent: null,
    agentLineListed: false,
    awaitingQueue: toQueue,
    awaitingEmployee: toEmployee,
    queue: toQueue ?? session.queue,
  };
  const holds: readonly RuleId[] = overridingRule(session) === null ? NO_RULES : ['TRF-6'];
  if (session.trigger === 'on-connect') return accept(waiting, ['TRF-5', ...holds]);
  const rule: TransferRuleId =
    toQueue !== null
      ? policy.transfer.toQueue === 'keep-original'
        ? 'TRF-1'
        : 'TRF-2'
      : policy.transfer.toEmployee === 'keep-original'
        ? 'TRF-3'
        : 'TRF-4';
  if (rule === 'TRF-1' || rule === 'TRF-3') return accept({ ...waiting, pendingTransfer: rule }, [rule, ...holds]);
  // TRF-2/TRF-4: the destination decides at its answer; until then the call is not recorded (a pause is dropped).
  const next: CallSession = { ...waiting, pendingTransfer: rule, terms: null, pausedBy: null };
  return accept({ ...next, recording: autoStart(next) }, [rule, ...holds]);
}

function forward(session: CallSession): StepOutcome {
  if (session.forwarded) return refuse('"forwarded": a call is forwarded once');
  if (session.paymentScreenOpen) return refuse('"forwarded": a call is not forwarded while the payment screen is open');
  const next: CallSession = { ...session, forwarded: true, awaitingQueue: null, awaitingEmployee: null, pausedBy: null };
  return accept({ ...next, recording: autoStart(next) }, NO_RULES);
}

/** PAY-1: the payment screen is open on a call with a linked account, so it holds the recording paused. */
function screenHolds(session: CallSession): boolean {
  return session.paymentScreenOpen && session.call.linkedAccount;
}

/** Which rule refuses an agent's start, first match wins (scenario-format.md). */
function startRefusal(session: CallSession): RuleId | null {
  const override = overridingRule(session);
  if (override === 'EXC-2' || override === 'EXC-5') return override;
  if (session.terms?.basis === 'scope' && session.terms.mode === 'never') return 'MOD-4';
  if (screenHolds(session)) return 'PAY-1';
  return null;
}

/** Which rule refuses an agent's stop, first match wins (scenario-format.md). */
function stopRefusal(session: CallSession): RuleId | null {
  if (session.forwarded) return 'FWD-1';
  if (session.call.kind === 'virtual-agent') return 'VA-1';
  if (session.terms?.mode === 'always') return session.terms.basis === 'connect' ? 'GLB-6' : 'MOD-1';
  return null;
}

function agentAction(session: CallSession, action: AgentAction): StepOutcome {
  if (session.agent === null) return refuse(`"agent": no employee is on the line to ${action} the recording`);
  const unchanged = accept(session, NO_RULES);
  switch (action) {
    case 'start': {
      if (session.recording === 'on' || (START_WHILE_PAUSED_CHANGES_NOTHING && session.recording === 'paused')) return unchanged;
      const refusal = startRefusal(session);
      return refusal ? accept(session, [refusal], refusal) : accept({ ...session, recording: 'on', pausedBy: null }, NO_RULES);
    }
    case 'stop': {
      if (session.recording === 'off') return unchanged;
      const refusal = stopRefusal(session);
      return refusal ? accept(session, [refusal], refusal) : accept({ ...session, recording: 'off', pausedBy: null }, NO_RULES);
    }
    case 'pause':
      return mod5MayPause(session.recording) ? accept({ ...session, recording: 'paused', pausedBy: 'agent' }, ['MOD-5']) : unchanged;
    case 'resume':
      if (session.recording !== 'paused') return unchanged;
      if (screenHolds(session)) return accept(session, ['PAY-1'], 'PAY-1');
      return accept({ ...session, recording: 'on', pausedBy: null }, ['MOD-5']);
  }
}

function paymentScreen(session: CallSession, open: boolean): StepOutcome {
  if (session.agent === null) return refuse('"payment-screen": no employee is on the line');
  if (open === session.paymentScreenOpen) {
    return refuse(`"payment-screen": the payment screen is ${open ? 'already open' : 'not open'}`);
  }
  const linked = session.call.linkedAccount;
  const rules: readonly RuleId[] = [linked ? 'PAY-1' : 'PAY-2'];
  if (open) {
    const pauses = linked && session.recording === 'on';
    return accept(
      pauses ? { ...session, paymentScreenOpen: true, recording: 'paused', pausedBy: 'screen' } : { ...session, paymentScreenOpen: true },
      rules,
    );
  }
  const resumes = linked && session.pausedBy === 'screen';
  return accept(
    resumes ? { ...session, paymentScreenOpen: false, recording: 'on', pausedBy: null } : { ...session, paymentScreenOpen: false },
    rules,
  );
}

function controlsOf(session: CallSession): Controls {
  if (session.agent === null || session.phase !== 'live') return CONTROLS[0] as Controls;
  const recording = session.recording;
  const start = recording === 'off' && startRefusal(session) === null;
  const stop = recording !== 'off' && stopRefusal(session) === null;
  const pause = mod5MayPause(recording);
  const resume = recording === 'paused' && !screenHolds(session);
  return CONTROLS[(start ? 1 : 0) | (stop ? 2 : 0) | (pause ? 4 : 0) | (resume ? 8 : 0)] as Controls;
}

/** The 16 possible controls, shared and frozen, so a decision allocates none. */
const CONTROLS: readonly Controls[] = Array.from({ length: 16 }, (_, bits) =>
  Object.freeze({ start: (bits & 1) !== 0, stop: (bits & 2) !== 0, pause: (bits & 4) !== 0, resume: (bits & 8) !== 0 }),
);

function decide(session: CallSession, eventRules: readonly RuleId[], rejected: RuleId | null): Decision {
  const autoPause = session.call.linkedAccount;
  if (session.phase === 'ended') {
    return { recording: 'off', controls: CONTROLS[0] as Controls, prompt: false, autoPause, rules: NO_RULES, rejected: null };
  }
  const controls = controlsOf(session);
  const prompt =
    session.trigger === 'on-answer' &&
    session.agent !== null &&
    session.terms?.announcement === 'prompt' &&
    (session.recording !== 'off' || controls.start);
  return { recording: session.recording, controls, prompt, autoPause, rules: traceOf(session, eventRules), rejected };
}

/**
 * The trace of a step, most decisive first: the event's own rule (a refusal, a transfer, a pause,
 * the payment screen), PAY-1 while the screen holds the recording paused, then the override of the precedence list, then the rules that chose the
 * settings in force, then EXC-5 when a listed direct line is on a call that is not personal.
 */
function traceOf(session: CallSession, eventRules: readonly RuleId[]): RuleId[] {
  const rules: RuleId[] = [...eventRules];
  const add = (rule: RuleId) => {
    if (!rules.includes(rule)) rules.push(rule);
  };
  if (session.pausedBy === 'screen') add('PAY-1');
  const override = overridingRule(session);
  if (override !== null) {
    add(override);
    if ((override === 'FWD-1' || override === 'VA-1') && session.excludedBy !== null) add('EXC-4');
    if ((override === 'EXC-2' || override === 'EXC-5') && session.trigger === 'on-connect') add('GLB-4');
  }
  if (session.terms !== null) for (const rule of session.terms.rules) add(rule);
  else if (override === null && session.trigger === 'on-answer') {
    add('GLB-2');
    if (session.redirected && !session.answered) add('QUE-6');
  }
  if (session.agentLineListed && session.call.employee !== session.agent) add('EXC-5');
  return rules;
}
