import { type CallSession, regionOfNumber } from '@ccp/policy-core';

/** A session as a release before consent (CNS) stored it: without `consent` and `consentRule`. */
type SessionBeforeConsent = Omit<CallSession, 'consent' | 'consentRule'> & Partial<Pick<CallSession, 'consent' | 'consentRule'>>;

/**
 * A session read from Redis, as this release's `CallSession`. Calls in flight during an upgrade were
 * stored without consent: they go on as calls that need no consent (nothing about their recording
 * changes mid-call), with the customer's region worked out as policy-core does it when a call starts
 * (CNS-1: the call's own region, else the customer number's area code), so a call that had not yet
 * connected is decided on consent when it connects, as any other. A refusal still stops it (CNS-5).
 */
export function readStoredSession(stored: SessionBeforeConsent): CallSession {
  if (stored.consent !== undefined && stored.consentRule !== undefined) return stored as CallSession;
  const { customerRegion, customer } = stored.call;
  const region = customerRegion ?? (customer === null ? null : regionOfNumber(customer));
  return {
    ...stored,
    consent: {
      region,
      basis: customerRegion !== undefined ? 'account' : region === null ? 'unknown' : 'area-code',
      announce: false,
      status: 'not-needed',
    },
    consentRule: null,
  };
}
