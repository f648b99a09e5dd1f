import { describe, expect, it } from 'vitest';
import { onConnectSwitchIssue } from './trigger-switch.js';

describe('GLB-5: switching to On Call Connected', () => {
  it.each([false, undefined])('GLB-5: the switch from On Call Answered without the confirmation (%s) is refused', (confirmed) => {
    expect(onConnectSwitchIssue('on-answer', 'on-connect', confirmed)).toEqual({
      rule: 'GLB-5',
      path: 'confirmSwitchToOnConnect',
      message: 'Switching to On Call Connected needs "confirmSwitchToOnConnect": true (the console asks first)',
    });
  });

  it('GLB-5: the confirmed switch goes ahead', () => {
    expect(onConnectSwitchIssue('on-answer', 'on-connect', true)).toBeNull();
  });

  it('GLB-5: staying on On Call Connected, or going back to On Call Answered, needs no confirmation', () => {
    expect(onConnectSwitchIssue('on-connect', 'on-connect', undefined)).toBeNull();
    expect(onConnectSwitchIssue('on-connect', 'on-answer', undefined)).toBeNull();
    expect(onConnectSwitchIssue('on-answer', 'on-answer', undefined)).toBeNull();
  });
});
