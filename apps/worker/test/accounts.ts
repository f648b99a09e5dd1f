import { activeExclusionListId, createAccount, ExclusionEntrySchema, type Orm } from '@ccp/db';

let count = 0;

/** An account whose list holds +1 212 555 0123 and the area code 646, like the demo tenant's. */
export async function accountWithList(orm: Orm): Promise<string> {
  const em = orm.em.fork();
  const slug = `worker-${process.pid}-${++count}`;
  const account = await createAccount(em, { slug, name: slug, contactCenterPro: true, enterpriseHubNetwork: true });
  const list = await activeExclusionListId(em, account.id);
  for (const entry of ['+12125550123', '646']) {
    em.create(ExclusionEntrySchema, { accountId: account.id, list, entry, addedAt: new Date(), addedBy: 'seed' });
  }
  await em.flush();
  return account.id;
}
