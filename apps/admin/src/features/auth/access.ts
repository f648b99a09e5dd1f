import type { Schemas } from '../../api';

type Me = Schemas['MeDto'];

/** ACC-2: the permission's name, as the API's 403 `detail` and the vendor page spell it. */
export const EDIT_RECORDING_SETTINGS = 'Edit Call Recording Settings';

/** ACC-5: the permission to see the call history (it holds customers' numbers), as the API's 403 `detail` names it. */
export const VIEW_CALL_HISTORY = 'View Call History';

/**
 * What a signed-in person may open, in the API's order (auth.guard.ts): the account's feature and
 * network first (ACC-1), then the person's permission (ACC-2).
 */
export type Access =
  | { readonly kind: 'granted' }
  | { readonly kind: 'feature-not-enabled'; readonly missing: readonly MissingFeature[] }
  | { readonly kind: 'missing-permission'; readonly permission: string };

export type MissingFeature = 'contact-center-pro' | 'enterprise-hub-network';

export function accessOf(me: Me): Access {
  const refused = featureRefusal(me);
  if (refused) return refused;
  // `canEditRecordingSettings` is the API's own verdict; the permission list only names what is missing.
  if (!me.canEditRecordingSettings || !me.user.permissions.includes(EDIT_RECORDING_SETTINGS)) {
    return { kind: 'missing-permission', permission: EDIT_RECORDING_SETTINGS };
  }
  return { kind: 'granted' };
}

/**
 * ACC-5: the call history, in the API's order (auth.guard.ts, access level `history`): the account's
 * feature and network first (ACC-1), then the permission View Call History. Edit Call Recording Settings
 * is not needed to look; holds and erasures ask for it as well (`canEditRecordingSettings`).
 */
export function historyAccessOf(me: Me): Access {
  const refused = featureRefusal(me);
  if (refused) return refused;
  if (!me.canViewCallHistory || !me.user.permissions.includes(VIEW_CALL_HISTORY)) {
    return { kind: 'missing-permission', permission: VIEW_CALL_HISTORY };
  }
  return { kind: 'granted' };
}

function featureRefusal(me: Me): Access | null {
  const { contactCenterPro, enterpriseHubNetwork } = me.account.features;
  const missing: MissingFeature[] = [];
  if (!contactCenterPro) missing.push('contact-center-pro');
  if (!enterpriseHubNetwork) missing.push('enterprise-hub-network');
  return missing.length > 0 ? { kind: 'feature-not-enabled', missing } : null;
}
