import { describe, expect, it } from 'vitest';
import { effectiveIndividualSetting, effectiveQueueSetting } from './effective-settings.js';
import type { IndividualSetting, ModeSetting } from './settings.js';

const queueDefault: ModeSetting = { mode: 'automatic', announcement: 'prompt' };
const individualDefault: IndividualSetting = {
  inbound: { mode: 'automatic', announcement: 'prompt' },
  outbound: { mode: 'manual', announcement: 'never' },
};

describe('the settings a queue or an employee follows', () => {
  it.each([null, undefined])('QUE-1: a queue without custom settings (%s) follows the queue default', (custom) => {
    expect(effectiveQueueSetting(custom, queueDefault)).toEqual({ setting: queueDefault, rule: 'QUE-1' });
  });

  it("QUE-3: a queue's custom settings override the default", () => {
    const custom: ModeSetting = { mode: 'never', announcement: 'never' };
    expect(effectiveQueueSetting(custom, queueDefault)).toEqual({ setting: custom, rule: 'QUE-3' });
  });

  it.each([null, undefined])('IND-1, IND-2: an employee without custom settings (%s) follows the individual defaults', (custom) => {
    expect(effectiveIndividualSetting(custom, individualDefault)).toEqual(individualDefault);
  });

  it("IND-1, IND-2: an employee's custom inbound and outbound settings override the defaults", () => {
    const custom: IndividualSetting = {
      inbound: { mode: 'always', announcement: 'prompt' },
      outbound: { mode: 'never', announcement: 'never' },
    };
    expect(effectiveIndividualSetting(custom, individualDefault)).toEqual(custom);
  });
});
