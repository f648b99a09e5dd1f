import { SetMetadata } from '@nestjs/common';

/**
 * Who may call a route. Routes without `@Access` are `recording`: secure by default.
 * - `public`: anyone (login, health, metrics).
 * - `signed-in`: any person logged in, whatever their account has (`/me`, so the console can explain ACC-1/ACC-2).
 * - `recording`: a person of an account with the feature (ACC-1) and the permission (ACC-2).
 * - `integration`: as `recording`, or an API key of such an account (`/calls`, `/simulate`).
 * - `history`: a person of an account with the feature (ACC-1) and the permission View Call History
 *   (ACC-5); API keys report call events and never read the history.
 * - `history-edit`: as `history`, and Edit Call Recording Settings too (holds, erasures, retention).
 * - `call-reader`: `GET /calls/{callId}`: an API key of an account with the feature (the live decision),
 *   or a person as `history` (the whole record).
 */
export type AccessLevel = 'public' | 'signed-in' | 'recording' | 'integration' | 'history' | 'history-edit' | 'call-reader';

export const ACCESS_METADATA = 'ccp:access';

export const Access = (level: AccessLevel) => SetMetadata(ACCESS_METADATA, level);
