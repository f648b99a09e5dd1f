import type { Issue } from './issues.js';
import type { Trigger } from './vocabulary.js';

/**
 * GLB-5: switching the trigger to On Call Connected needs an explicit confirmation, because from then
 * on queue and individual settings are ignored (GLB-3). Returns the issue that refuses the change, or
 * null when it may go ahead: staying on On Call Connected, or going back to On Call Answered, needs none.
 */
export function onConnectSwitchIssue(current: Trigger, requested: Trigger, confirmed: boolean | undefined): Issue | null {
  if (requested !== 'on-connect' || current === 'on-connect' || confirmed === true) return null;
  return { rule: 'GLB-5', path: 'confirmSwitchToOnConnect', message: ON_CONNECT_SWITCH_MESSAGE };
}

const ON_CONNECT_SWITCH_MESSAGE = 'Switching to On Call Connected needs "confirmSwitchToOnConnect": true (the console asks first)';
