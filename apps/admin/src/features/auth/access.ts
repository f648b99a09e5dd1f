import type { Schemas } from '../../api';

type Me = Schemas['MeDto'];

/** ACC-2: the permission's name, as the API's 403 `detail` and the vendor page spell it. */
export const EDIT_RECORDING_SETTINGS = 'Edit Call Recording Settings';

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
  const { contactCenterPro, enterpriseHubNetwork } = me.account.features;
  const missing: MissingFeature[] = [];
  if (!contactCenterPro) missing.push('contact-center-pro');
  if (!enterpriseHubNetwork) missing.push('enterprise-hub-network');
  if (missing.length > 0) return { kind: 'feature-not-enabled', missing };
  // `canEditRecordingSettings` is the API's own verdict; the permission list only names what is missing.
  if (!me.canEditRecordingSettings || !me.user.permissions.includes(EDIT_RECORDING_SETTINGS)) {
    return { kind: 'missing-permission', permission: EDIT_RECORDING_SETTINGS };
  }
  return { kind: 'granted' };
}
