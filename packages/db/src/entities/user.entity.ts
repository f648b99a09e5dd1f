import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { AccountSchema } from './account.entity.js';

/** A person who logs in to the console. */
export const UserSchema = defineEntity({
  name: 'User',
  tableName: 'users',
  properties: {
    id: p.uuid().primary(),
    account: () => p.manyToOne(AccountSchema).deleteRule('cascade'),
    email: p.string().unique(),
    name: p.string(),
    /** argon2id hash; the password itself is never stored. */
    passwordHash: p.string(),
    /** Permission names, such as `Edit Call Recording Settings` (ACC-2). */
    permissions: p.json<string[]>(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type User = InferEntity<typeof UserSchema>;
