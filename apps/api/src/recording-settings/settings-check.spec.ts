import { describe, expect, it } from 'vitest';
import { ValidationFailed } from '../common/errors.js';
import type { RecordingSettingsBodyDto } from './dto/recording-settings.dto.js';
import { checkSettings } from './settings-check.js';

const SETTINGS: RecordingSettingsBodyDto = {
  trigger: 'on-answer',
  connectMode: 'automatic',
  transfer: { toQueue: 'keep-original', toEmployee: 'keep-original' },
  queueDefault: { mode: 'automatic', announcement: 'prompt' },
  individualDefault: { inbound: { mode: 'automatic', announcement: 'prompt' }, outbound: { mode: 'manual', announcement: 'never' } },
};

const refusal = (settings: unknown) => {
  try {
    checkSettings(settings as RecordingSettingsBodyDto);
  } catch (error) {
    return error;
  }
  return undefined;
};

describe('checkSettings: policy-core reads every settings write', () => {
  it('lets settings policy-core accepts through', () => {
    expect(refusal(SETTINGS)).toBeUndefined();
  });

  it('GLB-6: refuses what policy-core refuses as a validation problem, each field at its body path', () => {
    const error = refusal({ ...SETTINGS, connectMode: 'manual', queueDefault: { mode: 'sometimes', announcement: 'prompt' } });
    expect(error).toBeInstanceOf(ValidationFailed);
    expect((error as ValidationFailed).errors).toEqual([
      expect.objectContaining({ path: 'connectMode' }),
      expect.objectContaining({ path: 'queueDefault.mode' }),
    ]);
  });

  it('refuses a field policy-core does not know, as the DTO would', () => {
    const error = refusal({ ...SETTINGS, confirmSwitchToOnConnect: true });
    expect(error).toBeInstanceOf(ValidationFailed);
    expect((error as ValidationFailed).errors).toEqual([expect.objectContaining({ path: 'confirmSwitchToOnConnect' })]);
  });
});
