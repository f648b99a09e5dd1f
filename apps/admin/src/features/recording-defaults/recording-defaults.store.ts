import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { type ApiProblem, api, asProblem, revisionFromEtag, type Schemas, unwrap } from '../../api';

export type RecordingSettings = Schemas['RecordingSettingsDto'];
export type SettingsBody = Omit<RecordingSettings, 'revision'>;

/** One change the admin confirmed: the fields it sets, applied over whatever the settings are when it is sent. */
export interface SettingsChange {
  readonly trigger?: SettingsBody['trigger'];
  readonly connectMode?: SettingsBody['connectMode'];
  readonly transfer?: Partial<SettingsBody['transfer']>;
  readonly queueDefault?: Partial<SettingsBody['queueDefault']>;
  readonly individualDefault?: {
    readonly inbound?: Partial<SettingsBody['individualDefault']['inbound']>;
    readonly outbound?: Partial<SettingsBody['individualDefault']['outbound']>;
  };
  readonly consent?: ConsentChange;
}

type ConsentSettings = SettingsBody['consent'];

/**
 * CNS-2..4: what the admin changed in the consent section: only the fields they changed, and the regions they
 * ticked or unticked rather than the whole list, so a reapply after a 412 keeps the other admin's other edits.
 */
export interface ConsentChange {
  readonly mode?: ConsentSettings['mode'];
  readonly unknownRegion?: ConsentSettings['unknownRegion'];
  readonly addRegions?: readonly string[];
  readonly removeRegions?: readonly string[];
}

/** A consent change over the consent settings standing when it is sent; the list stays ascending, once each. */
export function applyConsentChange(consent: ConsentSettings, change: ConsentChange): ConsentSettings {
  const regions = new Set([...consent.regions, ...(change.addRegions ?? [])]);
  for (const code of change.removeRegions ?? []) regions.delete(code);
  return {
    mode: change.mode ?? consent.mode,
    regions: [...regions].sort(),
    unknownRegion: change.unknownRegion ?? consent.unknownRegion,
  };
}

/** What the admin changed between the consent settings they started from and their draft; null when nothing. */
export function consentChangeOf(from: ConsentSettings, to: ConsentSettings): ConsentChange | null {
  const addRegions = to.regions.filter((code) => !from.regions.includes(code));
  const removeRegions = from.regions.filter((code) => !to.regions.includes(code));
  const change: ConsentChange = {
    ...(to.mode !== from.mode && { mode: to.mode }),
    ...(to.unknownRegion !== from.unknownRegion && { unknownRegion: to.unknownRegion }),
    ...(addRegions.length > 0 && { addRegions }),
    ...(removeRegions.length > 0 && { removeRegions }),
  };
  return Object.keys(change).length > 0 ? change : null;
}

/** Refusals that carry no `errors[]` but concern one field: the view shows them beside it (GLB-5 is about the trigger). */
const FIELD_OF_RULE: Readonly<Record<string, string>> = { 'GLB-5': 'trigger' };

export function applyChange(settings: SettingsBody, change: SettingsChange): SettingsBody {
  return {
    trigger: change.trigger ?? settings.trigger,
    connectMode: change.connectMode ?? settings.connectMode,
    transfer: { ...settings.transfer, ...change.transfer },
    queueDefault: { ...settings.queueDefault, ...change.queueDefault },
    individualDefault: {
      inbound: { ...settings.individualDefault.inbound, ...change.individualDefault?.inbound },
      outbound: { ...settings.individualDefault.outbound, ...change.individualDefault?.outbound },
    },
    consent: change.consent ? applyConsentChange(settings.consent, change.consent) : settings.consent,
  };
}

/** GLB-5: set only once the admin confirmed the switch in its pop-up. */
interface SaveOptions {
  readonly confirmSwitchToOnConnect?: boolean;
}

function bodyOf(settings: RecordingSettings): SettingsBody {
  const { revision: _revision, ...body } = settings;
  return body;
}

/**
 * The account's recording settings (GET/PUT /recording-settings). Every change is one PUT of the
 * whole settings with `If-Match`, so nobody's edit is silently overwritten: a 412 keeps the admin's
 * change aside, shows the other admin's values, and lets the admin reapply it on top of them.
 */
export const useRecordingDefaultsStore = defineStore('recording-defaults', () => {
  const settings = ref<RecordingSettings | null>(null);
  const loading = ref(false);
  const saving = ref(false);
  /** A problem that belongs to no field (or to the page: 403 on the page's load, 5xx, the API gone). */
  const problem = ref<ApiProblem | null>(null);
  /** By dotted path (`transfer.toQueue`), from the last refusal. */
  const fieldErrors = ref<Record<string, string>>({});
  /** The recording rule behind the field errors, if one refused the change (shown beside them). */
  const fieldRule = ref<string | undefined>(undefined);
  /** The change a 412 stopped (with the confirmation it was sent with), and the values another admin saved meanwhile. */
  const conflict = ref<{ readonly change: SettingsChange; readonly options: SaveOptions; readonly theirs: RecordingSettings } | null>(null);

  const trigger = computed(() => settings.value?.trigger ?? null);

  function accept(data: RecordingSettings, response: Response): void {
    // ETag and body carry the same revision; the header is what If-Match is defined against (api.md).
    settings.value = { ...data, revision: revisionFromEtag(response) ?? data.revision };
  }

  async function load(): Promise<void> {
    loading.value = true;
    problem.value = null;
    try {
      const { data, response } = await unwrap(api().GET('/recording-settings'));
      accept(data, response);
    } catch (error) {
      problem.value = asProblem(error);
    } finally {
      loading.value = false;
    }
  }

  /** Saves one change; true when the API took it. `confirmSwitchToOnConnect` only after the GLB-5 pop-up's Confirm. */
  async function save(change: SettingsChange, options: SaveOptions = {}): Promise<boolean> {
    const current = settings.value;
    if (!current) return false;
    saving.value = true;
    problem.value = null;
    fieldErrors.value = {};
    fieldRule.value = undefined;
    try {
      const body = {
        ...applyChange(bodyOf(current), change),
        ...(options.confirmSwitchToOnConnect ? { confirmSwitchToOnConnect: true } : {}),
      };
      const { data, response } = await unwrap(
        api().PUT('/recording-settings', { body, params: { header: { 'If-Match': `"${current.revision}"` } } }),
      );
      accept(data, response);
      conflict.value = null;
      return true;
    } catch (error) {
      await refused(asProblem(error), change, options);
      return false;
    } finally {
      saving.value = false;
    }
  }

  async function refused(refusal: ApiProblem, change: SettingsChange, options: SaveOptions): Promise<void> {
    if (refusal.status === 412) {
      // Someone saved first: their values are what stands now. Read them, and keep the admin's change to reapply.
      try {
        const { data, response } = await unwrap(api().GET('/recording-settings'));
        accept(data, response);
        conflict.value = { change, options, theirs: data };
      } catch (error) {
        problem.value = asProblem(error);
      }
      return;
    }
    if (refusal.status === 422) {
      const byPath: Record<string, string> = {};
      for (const e of refusal.errors) byPath[e.path] = e.message;
      const ruleField = refusal.rule ? FIELD_OF_RULE[refusal.rule] : undefined;
      if (refusal.errors.length === 0 && ruleField) byPath[ruleField] = refusal.detail;
      fieldErrors.value = byPath;
      fieldRule.value = refusal.rule;
      // A refusal no field can show still has to be seen.
      if (Object.keys(byPath).length === 0) problem.value = refusal;
      else problem.value = null;
      return;
    }
    problem.value = refusal;
  }

  /** After a 412: the admin's change again, over the other admin's values (the pop-up was already confirmed). */
  async function reapply(): Promise<boolean> {
    const pending = conflict.value;
    if (!pending) return false;
    return save(pending.change, pending.options);
  }

  /** After a 412: keep the other admin's values. */
  function dismissConflict(): void {
    conflict.value = null;
  }

  function clearFieldError(path: string): void {
    const { [path]: _dropped, ...rest } = fieldErrors.value;
    fieldErrors.value = rest;
  }

  /** Drops the errors of a section: `path` and every path under it (`consent.regions[2]`). */
  function clearFieldErrors(path: string): void {
    fieldErrors.value = Object.fromEntries(
      Object.entries(fieldErrors.value).filter(([key]) => key !== path && !key.startsWith(`${path}.`) && !key.startsWith(`${path}[`)),
    );
  }

  return {
    settings,
    trigger,
    loading,
    saving,
    problem,
    fieldErrors,
    fieldRule,
    conflict,
    load,
    save,
    reapply,
    dismissConflict,
    clearFieldError,
    clearFieldErrors,
  };
});
