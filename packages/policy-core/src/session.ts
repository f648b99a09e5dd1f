import type { Call, CallEvent } from './call.js';
import { type Consent, consentAtConnect, consentGiven, consentOfCall, consentRefused } from './consent/consent.js';
import { connectModeDecides } from './effective-settings.js';
import { exc2Listed, mod5MayPause, mod5StartLeavesPause, va1HandsOffTo } from './interpretations.js';
import type { Issue } from './issues.js';
import type { CompiledEmployee, CompiledPolicy, Terms } from './policy.js';
import { type Ruling, rulingOf } from './precedence.js';
import type { RuleId } from './rules.js';
import type { AgentAction, Recording, TransferRule, Trigger } from './vocabulary.js';

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
  /** Where the call stands on its customer's consent (CNS-1..5). */
  readonly consent: Consent;
}

type TransferRuleId = 'TRF-1' | 'TRF-2' | 'TRF-3' | 'TRF-4';

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
  /**
   * The customer's region and consent (CNS-1..5); whether consent is needed is decided when the call
   * connects, under the consent settings then in force, and holds for the whole call.
   */
  readonly consent: Consent;
  /** The rule of the consent mode a call that needs consent is under (CNS-3, CNS-4), named at every step. */
  readonly consentRule: 'CNS-3' | 'CNS-4' | null;
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
    consent: consentOfCall(call),
    consentRule: null,
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
    case 'consent':
      return consentReported(session, event.given);
    case 'ended':
      return accept({ ...session, phase: 'ended', recording: 'off', agent: null, pausedBy: null, paymentScreenOpen: false });
  }
}

/** The current decision of a session, as after its last event (for `GET /calls/{id}`). */
export function currentDecision(session: CallSession): Decision {
  return decide(session, rulingOf(session), NO_RULES, null);
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

/** The outcome of an event, decided under `ruling` (the session's own unless the caller already has it). */
function accept(
  next: CallSession,
  eventRules: readonly RuleId[] = NO_RULES,
  rejected: RuleId | null = null,
  ruling: Ruling = rulingOf(next),
): StepOutcome {
  return { ok: true, session: next, decision: decide(next, ruling, eventRules, rejected) };
}

/** The outcome of an event after which the call's settings (re)start: the recording is what the deciding rule makes of it. */
function acceptRestart(next: CallSession, eventRules: readonly RuleId[] = NO_RULES): StepOutcome {
  const ruling = rulingOf(next);
  return accept({ ...next, recording: ruling.starts }, eventRules, null, ruling);
}

function connect(session: CallSession, policy: CompiledPolicy): StepOutcome {
  const problem = callReferenceIssue(session.call, policy);
  if (problem) return refuse(`"connected": ${problem.path} is an ${problem.message}`);
  const { kind, queue, employee: employeeId } = session.call;
  const employee = employeeId === undefined ? undefined : (policy.employees.get(employeeId) as CompiledEmployee);
  const placed = kind === 'outbound' || kind === 'click-to-call';
  // GLB-3: the connect mode from connect. IND-2, IND-3: a call the employee places has their settings
  // from connect. Any other call waits for its answer (GLB-2).
  let terms: Terms | null = null;
  if (connectModeDecides(policy.trigger)) terms = policy.connectTerms;
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
    ...consentAtConnect(session.consent, policy.consent),
  };
  return acceptRestart(next);
}

/**
 * The exclusion that holds for the whole call (TRF-6), decided when it connects: EXC-2 when the other
 * party's number or area code is listed, else EXC-5 when it is a personal call of an employee whose
 * direct line is listed.
 */
function exclusionOf(call: Call, employee: CompiledEmployee | undefined, policy: CompiledPolicy): 'EXC-2' | 'EXC-5' | null {
  if (exc2Listed(call.customer, policy.exclusions)) return 'EXC-2';
  // Only direct, outbound and click-to-call calls carry an employee: exactly the personal calls of EXC-5.
  if (employee?.directLineListed) return 'EXC-5';
  return null;
}

function redirect(session: CallSession, queue: string, policy: CompiledPolicy): StepOutcome {
  if (session.call.kind !== 'queue')
    return refuse(`"redirected": only queue calls are redirected, and this is a ${session.call.kind} call`);
  if (session.forwarded) return refuse('"redirected": no routing event follows "forwarded"');
  if (session.answered || session.agent !== null) return refuse('"redirected": a call is redirected only before its first answer');
  if (!policy.queues.has(queue)) return refuse(`"redirected": unknown queue ${JSON.stringify(queue)}`);
  if (queue === session.awaitingQueue) return refuse(`"redirected": the call is already in queue ${JSON.stringify(queue)}`);
  return accept({ ...session, queue, awaitingQueue: queue, redirected: true });
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
  if (connectModeDecides(session.trigger)) return accept(answered);
  const transferRule = session.pendingTransfer;
  // TRF-1, TRF-3: keep-original: the settings and the recording (a pause included) carry on through the answer.
  if ((transferRule === 'TRF-1' || transferRule === 'TRF-3') && session.terms !== null) {
    return accept({ ...answered, terms: leading(transferRule, session.terms) });
  }
  if (session.awaitingQueue === null) {
    // IND-1, TRF-4: an employee answers with their inbound settings.
    return acceptRestart({ ...answered, terms: usingDestination(transferRule, employee.inbound), pausedBy: null });
  }
  const queue = policy.queues.get(session.awaitingQueue);
  if (!queue) return refuse(`"answered": unknown queue ${JSON.stringify(session.awaitingQueue)}`);
  // QUE-6: a call redirected before its first answer gets the settings of the queue that answers it.
  const firstAnswerAfterRedirect = session.redirected && !session.answered && transferRule === null;
  const terms = firstAnswerAfterRedirect ? redirected(queue.terms) : usingDestination(transferRule, queue.terms);
  return acceptRestart({ ...answered, terms, pausedBy: null });
}

/** QUE-6: the answering queue's terms, traced as reached by a redirect. */
function redirected(terms: Terms): Terms {
  return { ...terms, rules: ['GLB-2', 'QUE-6', ...terms.rules.slice(1)] };
}

/** TRF-2, TRF-4: the destination's settings, traced as taken over by a use-destination transfer. */
function usingDestination(transferRule: TransferRuleId | null, terms: Terms): Terms {
  return transferRule === 'TRF-2' || transferRule === 'TRF-4' ? leading(transferRule, terms) : terms;
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
    if (!va1HandsOffTo(toQueue)) return refuse('"transferred": a Virtual Agent call is handed off to a queue first');
    return accept({ ...session, handedOff: true, queue: toQueue, awaitingQueue: toQueue, awaitingEmployee: toEmployee });
  }
  const waiting: CallSession = {
    ...session,
    agent: null,
    agentLineListed: false,
    awaitingQueue: toQueue,
    awaitingEmployee: toEmployee,
    queue: toQueue ?? session.queue,
  };
  // TRF-5: under on-connect a transfer changes nothing but who may answer.
  if (connectModeDecides(session.trigger)) return transferred(waiting, 'TRF-5', false);
  const destination = toQueue !== null ? 'toQueue' : 'toEmployee';
  const rule = TRANSFER_RULE[destination][policy.transfer[destination]];
  // TRF-1, TRF-3: keep-original: the settings and the recording (a pause included) carry on.
  if (rule === 'TRF-1' || rule === 'TRF-3') return transferred({ ...waiting, pendingTransfer: rule }, rule, false);
  // TRF-2, TRF-4: use-destination: the destination's settings take over at its answer; until then the
  // call is not recorded (a pause is dropped).
  return transferred({ ...waiting, pendingTransfer: rule, terms: null, pausedBy: null }, rule, true);
}

/** TRF-1..4: the rule of a transfer under on-answer, by its destination and the account's choice for it. */
const TRANSFER_RULE = {
  toQueue: { 'keep-original': 'TRF-1', 'use-destination': 'TRF-2' },
  toEmployee: { 'keep-original': 'TRF-3', 'use-destination': 'TRF-4' },
} as const satisfies Record<'toQueue' | 'toEmployee', Record<TransferRule, TransferRuleId>>;

/** A transfer's outcome, traced by its rule; TRF-6: a rule that beats the settings keeps holding, and the trace says so. */
function transferred(next: CallSession, rule: TransferRuleId | 'TRF-5', restarts: boolean): StepOutcome {
  const ruling = rulingOf(next);
  const rules: readonly RuleId[] = ruling.beatsSettings ? [rule, 'TRF-6'] : [rule];
  return accept(restarts ? { ...next, recording: ruling.starts } : next, rules, null, ruling);
}

function forward(session: CallSession): StepOutcome {
  if (session.forwarded) return refuse('"forwarded": a call is forwarded once');
  if (session.paymentScreenOpen) return refuse('"forwarded": a call is not forwarded while the payment screen is open');
  return acceptRestart({ ...session, forwarded: true, awaitingQueue: null, awaitingEmployee: null, pausedBy: null });
}

/** PAY-1: the payment screen is open on a call with a linked account, so it holds the recording paused. */
function screenHolds(session: CallSession): boolean {
  return session.paymentScreenOpen && session.call.linkedAccount;
}

/** Which rule refuses an agent's start, first match wins (scenario-format.md): the deciding rule's, else PAY-1. */
function startRefusal(session: CallSession, ruling: Ruling): RuleId | null {
  if (ruling.refusesStart !== null) return ruling.refusesStart;
  return screenHolds(session) ? 'PAY-1' : null;
}

/** An agent's action leaves the deciding rule as it was, so the ruling is read once, before the action. */
function agentAction(session: CallSession, action: AgentAction): StepOutcome {
  if (session.agent === null) return refuse(`"agent": no employee is on the line to ${action} the recording`);
  const ruling = rulingOf(session);
  switch (action) {
    case 'start': {
      if (session.recording === 'on' || mod5StartLeavesPause(session.recording)) return unchanged(session, ruling);
      const refusal = startRefusal(session, ruling);
      if (refusal) return refusedBy(refusal, session, ruling);
      return accept({ ...session, recording: 'on', pausedBy: null }, NO_RULES, null, ruling);
    }
    case 'stop': {
      if (session.recording === 'off') return unchanged(session, ruling);
      if (ruling.refusesStop) return refusedBy(ruling.refusesStop, session, ruling);
      return accept({ ...session, recording: 'off', pausedBy: null }, NO_RULES, null, ruling);
    }
    case 'pause':
      if (!mod5MayPause(session.recording)) return unchanged(session, ruling);
      return accept({ ...session, recording: 'paused', pausedBy: 'agent' }, ['MOD-5'], null, ruling);
    case 'resume':
      if (session.recording !== 'paused') return unchanged(session, ruling);
      if (screenHolds(session)) return refusedBy('PAY-1', session, ruling);
      return accept({ ...session, recording: 'on', pausedBy: null }, ['MOD-5'], null, ruling);
  }
}

/** An agent's action that would change nothing: accepted, with `rejected: null` (scenario-format.md). */
function unchanged(session: CallSession, ruling: Ruling): StepOutcome {
  return accept(session, NO_RULES, null, ruling);
}

/** An agent's action a rule forbids: the state is unchanged and the decision names the rule. */
function refusedBy(rule: RuleId, session: CallSession, ruling: Ruling): StepOutcome {
  return accept(session, [rule], rule, ruling);
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

/**
 * A `consent` event (scenario-format.md). A refusal or a withdrawal stops any recording, a pause
 * included, for the rest of the call (CNS-5); after it nothing changes. Consent given while pending
 * (CNS-4) lets the other rules start the recording they would have started by now, paused if the
 * payment screen holds it (PAY-1); given otherwise, it only turns `implied` into `given`.
 */
function consentReported(session: CallSession, given: boolean): StepOutcome {
  const consent = session.consent;
  if (consent.status === 'refused') return accept(session);
  if (!given) return accept({ ...session, consent: consentRefused(consent), recording: 'off', pausedBy: null });
  const next: CallSession = { ...session, consent: consentGiven(consent) };
  const eventRules = session.consentRule === null ? NO_RULES : CONSENT_RULE_TRACE[session.consentRule];
  if (consent.status !== 'pending') return accept(next, eventRules);
  const ruling = rulingOf(next);
  const paused = ruling.starts === 'on' && screenHolds(next);
  return accept({ ...next, recording: paused ? 'paused' : ruling.starts, pausedBy: paused ? 'screen' : null }, eventRules, null, ruling);
}

const CONSENT_RULE_TRACE = { 'CNS-3': Object.freeze(['CNS-3']), 'CNS-4': Object.freeze(['CNS-4']) } as const satisfies Record<
  'CNS-3' | 'CNS-4',
  readonly RuleId[]
>;

function controlsOf(session: CallSession, ruling: Ruling): Controls {
  if (session.agent === null || session.phase !== 'live') return CONTROLS[0] as Controls;
  const recording = session.recording;
  const start = recording === 'off' && startRefusal(session, ruling) === null;
  const stop = recording !== 'off' && ruling.refusesStop === null;
  const pause = mod5MayPause(recording);
  const resume = recording === 'paused' && !screenHolds(session);
  return CONTROLS[(start ? 1 : 0) | (stop ? 2 : 0) | (pause ? 4 : 0) | (resume ? 8 : 0)] as Controls;
}

/** The 16 possible controls, shared and frozen, so a decision allocates none. */
const CONTROLS: readonly Controls[] = Array.from({ length: 16 }, (_, bits) =>
  Object.freeze({ start: (bits & 1) !== 0, stop: (bits & 2) !== 0, pause: (bits & 4) !== 0, resume: (bits & 8) !== 0 }),
);

function decide(session: CallSession, ruling: Ruling, eventRules: readonly RuleId[], rejected: RuleId | null): Decision {
  const autoPause = session.call.linkedAccount;
  const consent = session.consent;
  if (session.phase === 'ended') {
    return { recording: 'off', controls: CONTROLS[0] as Controls, prompt: false, autoPause, rules: NO_RULES, rejected: null, consent };
  }
  const controls = controlsOf(session, ruling);
  const prompt =
    session.trigger === 'on-answer' &&
    session.agent !== null &&
    session.terms?.announcement === 'prompt' &&
    (session.recording !== 'off' || controls.start);
  return { recording: session.recording, controls, prompt, autoPause, rules: traceOf(session, ruling, eventRules), rejected, consent };
}

/**
 * The trace of a step, most decisive first: a refused or pending consent's rule (CNS-5, CNS-4), the
 * event's own rules (a refusal, a transfer, a pause, the payment screen), PAY-1 while the screen holds
 * the recording paused, the deciding rule's, the rules that chose the settings in force, then the
 * consent mode's rule of a call that needs consent (CNS-3, CNS-4).
 */
function traceOf(session: CallSession, ruling: Ruling, eventRules: readonly RuleId[]): RuleId[] {
  const rules: RuleId[] = ruling.leadsTrace ? [...ruling.rules] : [];
  const add = (rule: RuleId) => {
    if (!rules.includes(rule)) rules.push(rule);
  };
  for (const rule of eventRules) add(rule);
  if (session.pausedBy === 'screen') add('PAY-1');
  for (const rule of ruling.rules) add(rule);
  if (session.terms !== null) for (const rule of session.terms.rules) add(rule);
  // EXC-5: a listed direct line does not stop a call that is not the employee's personal call (a
  // queue call they answered is still recorded), and the trace says why.
  if (session.agentLineListed && session.call.employee !== session.agent) add('EXC-5');
  if (session.consentRule !== null) add(session.consentRule);
  return rules;
}
