import { describe, expect, it } from 'vitest';
import { FailedLogins } from './failed-logins.js';
import { parseBasic } from './operator-authenticator.js';

describe('the job dashboard login', () => {
  const encode = (text: string) => `Basic ${Buffer.from(text).toString('base64')}`;

  it.each([
    ['admin@demo.test:secret', { email: 'admin@demo.test', password: 'secret' }],
    ['admin@demo.test:with:colons', { email: 'admin@demo.test', password: 'with:colons' }],
    ['admin@demo.test:', { email: 'admin@demo.test', password: '' }],
  ])('reads %j', (text, credentials) => {
    expect(parseBasic(encode(text))).toEqual(credentials);
  });

  it.each([undefined, '', 'Bearer abc', 'Basic', 'Basic !!!', encode('no-colon'), encode(':password-only')])('refuses %j', (header) => {
    expect(parseBasic(header)).toBeUndefined();
  });

  it('turns an address away after the limit of failures in a window, until the window ends; others are not affected', () => {
    let now = 0;
    const failures = new FailedLogins(3, 60_000, () => now);
    for (let i = 0; i < 2; i++) failures.record('10.0.0.1');
    expect(failures.retryAfter('10.0.0.1')).toBe(0);
    failures.record('10.0.0.1');
    now = 15_000;
    expect(failures.retryAfter('10.0.0.1')).toBe(45);
    expect(failures.retryAfter('10.0.0.2')).toBe(0);
    now = 60_000;
    expect(failures.retryAfter('10.0.0.1')).toBe(0);
    failures.record('10.0.0.1');
    expect(failures.retryAfter('10.0.0.1')).toBe(0);
  });
});
