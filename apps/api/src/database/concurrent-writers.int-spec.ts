import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiTestbed } from '../../test/testbed.js';

/** better-sqlite3 as MikroORM's SQLite driver loads it: the other process writes with the same library. */
function betterSqlite3Path(): string {
  const fromDb = createRequire(createRequire(import.meta.url).resolve('@ccp/db'));
  return createRequire(fromDb.resolve('@mikro-orm/sqlite')).resolve('better-sqlite3');
}

/**
 * Another process writing to the same SQLite file every few milliseconds, as the worker does when
 * it stores policy snapshots and imports: the api's changes (a read, then writes, in one transaction)
 * must never fail for it.
 */
function startWriter(file: string): ChildProcess {
  const source = `
    const Database = require(${JSON.stringify(betterSqlite3Path())});
    const db = new Database(${JSON.stringify(file)});
    db.pragma('busy_timeout = 5000');
    const begin = db.prepare('begin immediate');
    const touch = db.prepare('update accounts set policy_revision = policy_revision');
    const commit = db.prepare('commit');
    // A write transaction holding the lock for 1 ms in every 4, as a busy worker's would.
    setInterval(() => {
      begin.run();
      touch.run();
      const until = performance.now() + 1;
      while (performance.now() < until);
      commit.run();
    }, 4);
  `;
  return spawn(process.execPath, ['-e', source], { stdio: 'ignore' });
}

describe('changes on SQLite while another process writes to the same file', () => {
  let writer: ChildProcess;

  const bed = apiTestbed('sqlite', { demo: true });
  beforeAll(() => {
    writer = startWriter(bed.database.url.slice('sqlite:'.length));
  });
  afterAll(async () => {
    writer?.kill();
    if (writer && writer.exitCode === null) await once(writer, 'exit');
  });

  it('every change succeeds: a transaction whose snapshot went stale is run again, not answered 500', async () => {
    const refused: string[] = [];
    for (let i = 0; i < 150; i++) {
      const res = await bed.app.inject({
        method: 'POST',
        url: '/api/v1/exclusions',
        headers: { authorization: bed.admin },
        payload: { entry: `+1415555${String(1000 + i)}` },
      });
      if (res.statusCode !== 201) refused.push(`${res.statusCode} ${res.body}`);
    }
    expect(refused).toEqual([]);
    const page = await bed.app.inject({
      method: 'GET',
      url: '/api/v1/exclusions?limit=100&q=415555',
      headers: { authorization: bed.admin },
    });
    expect(page.json().items).toHaveLength(100);
    // 150 writes racing another process: correctness, not speed, so a loaded machine gets time.
  }, 60_000);
});
