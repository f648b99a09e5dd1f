import type { Account } from '@ccp/db';

/** Who is calling, resolved once per request by the auth guard. Every query is scoped by `account.id` (ACC-3). */
export type Principal =
  | {
      readonly kind: 'user';
      readonly id: string;
      readonly email: string;
      readonly name: string;
      readonly permissions: readonly string[];
      readonly account: Account;
      /** The token this request came with: what `POST /auth/logout` ends. */
      readonly session: Session;
    }
  | { readonly kind: 'api-key'; readonly id: string; readonly name: string; readonly account: Account };

/** A person's principal. */
export type Person = Extract<Principal, { readonly kind: 'user' }>;

/** One login: the token's id (`jti`) and when it expires (epoch ms). */
export interface Session {
  readonly id: string;
  readonly expiresAt: number;
}

/** Who the audit log names for a change (ACC-4). */
export function actorOf(principal: Principal): { actorId: string; actorName: string } {
  return principal.kind === 'user'
    ? { actorId: principal.id, actorName: principal.email }
    : { actorId: principal.id, actorName: `API key "${principal.name}"` };
}
