import { type CallSession, consentOfCall } from '@ccp/policy-core';

/** A session as a release before consent (CNS) stored it: without `consent` and `consentRule`. */
type SessionBeforeConsent = Omit<CallSession, 'consent' | 'consentRule'> & Partial<Pick<CallSession, 'consent' | 'consentRule'>>;

/**
 * A session read from Redis, as this release's `CallSession`. Calls in flight during an upgrade were
 * stored without consent: they go on as calls that need no consent (nothing about their recording
 * changes mid-call), with the customer's region as policy-core works it out when a call starts (`consentOfCall`)
 * (CNS-1: the call's own region, else the customer number's area code), so a call that had not yet
 * connected is decided on consent when it connects, as any other. A refusal still stops it (CNS-5).
 */
export function readStoredSession(stored: SessionBeforeConsent): CallSession {
  if (stored.consent !== undefined && stored.consentRule !== undefined) return stored as CallSession;
  return { ...stored, consent: consentOfCall(stored.call), consentRule: null };
}
