import { describe, expect, it } from 'vitest';
import { formatIssue } from './issues.js';
import { compilePolicy } from './policy.js';
import { INITIAL_SETTINGS, type Settings, validateSettings } from './settings.js';
import { settingsVersion } from './version.js';

const problems = (input: unknown) => {
  const read = validateSettings(input);
  return read.ok ? [] : read.issues.map(formatIssue);
};
const valid = (input: unknown): Settings => {
  const read = validateSettings(input);
  if (!read.ok) throw new Error(read.issues.map(formatIssue).join('; '));
  return read.value;
};

describe('GLB-1: initial values', () => {
  it('GLB-1: omitted settings take the initial values', () => {
    expect(valid({})).toEqual(INITIAL_SETTINGS);
    expect(valid(undefined)).toEqual(INITIAL_SETTINGS);
    expect(INITIAL_SETTINGS).toMatchObject({
      trigger: 'on-answer',
      connectMode: 'automatic',
      transfer: { toQueue: 'keep-original', toEmployee: 'keep-original' },
      queueDefault: { mode: 'automatic', announcement: 'prompt' },
      individualDefault: {
        inbound: { mode: 'automatic', announcement: 'prompt' },
        outbound: { mode: 'automatic', announcement: 'prompt' },
      },
    });
  });

  it('GLB-1: omitted nested fields take their initial value too', () => {
    const settings = valid({ transfer: { toEmployee: 'use-destination' }, individualDefault: { outbound: { mode: 'manual' } } });
    expect(settings.transfer).toEqual({ toQueue: 'keep-original', toEmployee: 'use-destination' });
    expect(settings.individualDefault).toEqual({
      inbound: { mode: 'automatic', announcement: 'prompt' },
      outbound: { mode: 'manual', announcement: 'prompt' },
    });
  });
});

describe('validation names the path and the reason', () => {
  it('reports a value outside the vocabulary', () => {
    const queues = [{ id: 'a' }, { id: 'b' }, { id: 'c' }, { id: 'd', custom: { mode: 'sometimes', announcement: 'prompt' } }];
    expect(problems({ queues })).toEqual(['settings.queues[3].custom.mode: "sometimes" is not one of always, automatic, manual, never']);
    expect(problems({ connectMode: 'manual' })).toEqual(['settings.connectMode: "manual" is not one of always, automatic']);
  });

  it('a custom setting is complete or absent', () => {
    expect(problems({ queues: [{ id: 'a', custom: { mode: 'never' } }] })).toEqual([
      'settings.queues[0].custom.announcement: is required (a custom setting is complete or absent)',
    ]);
    expect(
      problems({ employees: [{ id: 'e', directLine: '+14155550100', custom: { inbound: { mode: 'never', announcement: 'never' } } }] }),
    ).toEqual(['settings.employees[0].custom.outbound: is required (a custom setting is complete or absent)']);
  });

  it('unknown keys anywhere are invalid', () => {
    expect(problems({ trigger: 'on-answer', queueDefualt: {} })).toEqual([
      'settings.queueDefualt: unknown key (expected one of trigger, connectMode, transfer, queueDefault, individualDefault, queues, employees, exclusions, consent)',
    ]);
    expect(problems({ queues: [{ id: 'a', colour: 'red' }] })).toEqual([
      'settings.queues[0].colour: unknown key (expected one of id, custom)',
    ]);
  });

  it('ids are unique, every employee has one direct line of its own', () => {
    expect(
      problems({
        queues: [{ id: 'a' }, { id: 'a' }],
        employees: [
          { id: 'e' },
          { id: 'f', directLine: '555-01' },
          { id: 'g', directLine: '+14155550100' },
          { id: 'h', directLine: '(415) 555-0100' },
        ],
      }),
    ).toEqual([
      'settings.queues[1].id: "a" is already used by settings.queues[0]',
      'settings.employees[0].directLine: is required (every employee has a direct line)',
      'settings.employees[1].directLine: "555-01" is not a phone number: too short',
      'settings.employees[3].directLine: +14155550100 is already the direct line of settings.employees[2]',
    ]);
  });

  it('EXC-1: each bad exclusion entry is reported with its index and rule', () => {
    const read = validateSettings({ exclusions: ['415', '555-01', 'hello'] });
    expect(read.ok).toBe(false);
    expect(!read.ok && read.issues).toEqual([
      { path: 'settings.exclusions[1]', message: '"555-01" is not a phone number: too short', rule: 'EXC-1' },
      { path: 'settings.exclusions[2]', message: '"hello" is not a phone number: not a number', rule: 'EXC-1' },
    ]);
  });

  it('wrong types are named', () => {
    expect(problems([])).toEqual(['settings: must be an object, not a list']);
    expect(problems({ queues: {} })).toEqual(['settings.queues: must be a list, not an object']);
    expect(problems({ queues: [{ id: 7 }] })).toEqual(['settings.queues[0].id: must be a non-empty string, not number 7']);
  });

  it('EXC-1, EXC-6: exclusions are normalized and listed once', () => {
    expect(valid({ exclusions: ['(415) 555-0100', '+1 415 555 0100', '646*', '646', 4155550100] }).exclusions).toEqual([
      '+14155550100',
      '646',
    ]);
  });
});

describe('settingsVersion', () => {
  const settings = {
    trigger: 'on-answer',
    queues: [{ id: 'sales' }, { id: 'billing', custom: { mode: 'never', announcement: 'never' } }],
    employees: [
      { id: 'alice', directLine: '+14155550100' },
      { id: 'bob', directLine: '(628) 555-0101' },
    ],
    exclusions: ['+12125550123', '646', '(310) 555-0142'],
  };

  it('is equal for equal settings whatever their order, number formats or omitted initial values', () => {
    const reordered = {
      queueDefault: { announcement: 'prompt', mode: 'automatic' },
      exclusions: ['310.555.0142', '646*', '12125550123', '+1 212 555 0123'],
      employees: [
        { directLine: '6285550101', id: 'bob' },
        { id: 'alice', directLine: '(415) 555-0100' },
      ],
      queues: [{ custom: { announcement: 'never', mode: 'never' }, id: 'billing' }, { id: 'sales' }],
    };
    const version = settingsVersion(valid(settings));
    expect(version).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(settingsVersion(valid(reordered))).toBe(version);
    expect(compilePolicy(valid(reordered)).version).toBe(version);
  });

  it('changes with any setting', () => {
    const version = settingsVersion(valid(settings));
    expect(settingsVersion(valid({ ...settings, exclusions: ['646'] }))).not.toBe(version);
    expect(settingsVersion(valid({ ...settings, trigger: 'on-connect' }))).not.toBe(version);
    expect(settingsVersion(valid({ ...settings, queues: [{ id: 'sales' }, { id: 'billing' }] }))).not.toBe(version);
    expect(
      settingsVersion(valid({ ...settings, employees: [{ id: 'alice', directLine: '+14155550101' }, settings.employees[1]] })),
    ).not.toBe(version);
  });
});
