import { DECORATORS } from '@nestjs/swagger';
import { API_KEY_AUTH, BEARER_AUTH } from '../docs/openapi.js';

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

type SecurityRequirement = Record<string, string[]>;

const PERSON: SecurityRequirement[] = [{ [BEARER_AUTH]: [] }];
const PERSON_OR_API_KEY: SecurityRequirement[] = [{ [BEARER_AUTH]: [] }, { [API_KEY_AUTH]: [] }];

/** Each level as the OpenAPI document states it (`security`): public ones explicitly none, API keys where the guard takes them. */
const SECURITY: Readonly<Record<AccessLevel, SecurityRequirement[]>> = {
  public: [],
  'signed-in': PERSON,
  recording: PERSON,
  integration: PERSON_OR_API_KEY,
  history: PERSON,
  'history-edit': PERSON,
  'call-reader': PERSON_OR_API_KEY,
};

/**
 * Adds `security` to the route's operation, whichever of `@ApiOperation` and `@Access` comes first. A route
 * that checks a credential of its own says so in `@ApiOperation({ security })`, which wins.
 */
function documentSecurity(handler: object, level: AccessLevel): void {
  const operation: object | undefined = Reflect.getMetadata(DECORATORS.API_OPERATION, handler);
  if (operation && 'security' in operation) return;
  Reflect.defineMetadata(DECORATORS.API_OPERATION, { ...operation, security: SECURITY[level] }, handler);
}

/**
 * Sets the route's access level for the guard and documents it in the OpenAPI document, so the two never
 * disagree. On a controller, it documents each method that has no `@Access` of its own.
 */
export function Access(level: AccessLevel): ClassDecorator & MethodDecorator {
  // What `SetMetadata` does: on the method, or on the class; the guard reads both.
  return (target: object, _key?: string | symbol, descriptor?: PropertyDescriptor): void => {
    if (descriptor) {
      Reflect.defineMetadata(ACCESS_METADATA, level, descriptor.value);
      documentSecurity(descriptor.value, level);
      return;
    }
    Reflect.defineMetadata(ACCESS_METADATA, level, target);
    const prototype = (target as { prototype: object }).prototype;
    for (const name of Object.getOwnPropertyNames(prototype)) {
      const handler: unknown = Object.getOwnPropertyDescriptor(prototype, name)?.value;
      // Method decorators ran first: a method with its own level keeps it.
      if (name === 'constructor' || typeof handler !== 'function' || Reflect.hasOwnMetadata(ACCESS_METADATA, handler)) continue;
      documentSecurity(handler, level);
    }
  };
}
