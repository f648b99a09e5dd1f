import { type CallSession, startSession } from '@ccp/policy-core';
import { describe, expect, it } from 'vitest';
import { readStoredSession } from './stored-session.js';

/** A session as the release before consent stored it. */
function beforeConsent(call: CallSession['call']): Parameters<typeof readStoredSession>[0] {
  const { consent: _, consentRule: __, ...session } = startSession(call);
  return session;
}

describe('readStoredSession: sessions stored before consent (CNS) read as calls that need none', () => {
  it('CNS-1: the region comes from the customer number, as when a call starts', () => {
    const session = readStoredSession(beforeConsent({ kind: 'queue', customer: '+14155550123', queue: 'sales', linkedAccount: true }));
    expect(session.consent).toEqual({ region: 'CA', basis: 'area-code', announce: false, status: 'not-needed' });
    expect(session.consentRule).toBeNull();
  });

  it('CNS-1: a withheld or toll-free number leaves the region unknown', () => {
    for (const customer of [null, '+18005550123']) {
      const session = readStoredSession(beforeConsent({ kind: 'virtual-agent', customer, linkedAccount: true }));
      expect(session.consent).toEqual({ region: null, basis: 'unknown', announce: false, status: 'not-needed' });
    }
  });

  it('a session of this release is read as stored', () => {
    const session = {
      ...startSession({ kind: 'virtual-agent', customer: '+14155550123', linkedAccount: true }),
      consentRule: 'CNS-4' as const,
    };
    expect(readStoredSession(session)).toBe(session);
  });
});
