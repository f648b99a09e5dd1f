import { type Settings, validateSettings } from '@ccp/policy-core';
import { ValidationFailed } from '../common/errors.js';
import type { ConsentSettingsDto, RecordingSettingsBodyDto } from './dto/recording-settings.dto.js';

/**
 * Reads the settings of a write as policy-core does (STYLE.md: meaning in policy-core), so the API stores
 * nothing the decisions would read otherwise: a 422 naming each field, and the rule when one applies. The
 * DTO in front checks the shape; this decides what the values mean. Returns the settings as policy-core
 * normalized them (consent regions upper case, ascending, once each).
 */
export function checkSettings(settings: RecordingSettingsBodyDto & { consent?: ConsentSettingsDto }): Settings {
  const read = validateSettings(settings, 'settings');
  if (read.ok) return read.value;
  throw new ValidationFailed(
    // The body is the settings themselves: paths as the DTO's errors name them (`queueDefault.mode`).
    read.issues.map(({ path, message, rule }) => ({ path: path.replace(/^settings\.?/, ''), message, ...(rule && { rule }) })),
  );
}
