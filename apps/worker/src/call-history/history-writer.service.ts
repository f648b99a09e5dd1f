import { AccountSchema, CallsToKeep, type KeptCall, keepCalls, keptCallFromTrail, UnreadableTrail } from '@ccp/db';
import {
  type ClosedCallMessage,
  closedCallsKey,
  closedCallsStreamKey,
  HISTORY_WRITERS_GROUP,
  parseClosedCallFields,
  trailKey,
} from '@ccp/jobs';
import { duplicateRedis, RedisClient } from '@ccp/runtime';
import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { ChainableCommander } from 'ioredis';
import { WorkerConfig } from '../config/worker-config.js';
import { Database } from '../database/database.js';
import { WorkerIdentity } from '../heartbeat/worker-identity.js';
import { WorkerMetrics } from '../metrics/worker-metrics.js';

/** How long a read waits for new closed calls before looking at the others' stalled ones. */
const BLOCK_MS = 1_000;
/** A message another writer took and has not acknowledged within this long (it died) is taken over. */
export const STALLED_AFTER_MS = 30_000;
/** How long shutdown waits for the batch being written. */
const SHUTDOWN_WAIT_MS = 5_000;
/** Batches read and prepared while earlier ones are being stored. */
const BATCHES_AHEAD = 2;
/** Waits after a failed batch: the database or Redis away. */
const BACKOFF_MS = [250, 500, 1_000, 2_000, 5_000];

type StreamEntry = [id: string, fields: string[]];

/** A batch read from Redis, ready for the database. */
interface PreparedBatch {
  /** Its stream messages, acknowledged once it is stored. */
  readonly ids: string[];
  readonly calls: CallsToKeep;
  /** The messages of `calls`: their trails are deleted once stored. */
  readonly kept: ClosedCallMessage[];
  /** Messages with nothing to store (their trail gone, or unreadable). */
  readonly done: ClosedCallMessage[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Moves closed calls from Redis to the database (HIS-1, architecture.md data flow 6): reads the
 * closed-calls stream in the writers' consumer group, HISTORY_BATCH_SIZE calls at a time (500), writes them in one
 * transaction (idempotent: a call written twice is kept once), and only then deletes their trails and
 * acknowledges. A writer that dies leaves its messages pending: another takes them over after
 * STALLED_AFTER_MS, and this one, started again, reads its own first. While the database is away the
 * batch waits and is tried again; nothing is acknowledged that is not written.
 */
@Injectable()
export class HistoryWriter implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('HistoryWriter');
  /** Blocking reads hold their connection: one of its own. */
  private readonly reader: RedisClient;
  private readonly stream: string;
  private readonly consumer: string;
  /** Calls written to the database in one transaction (HISTORY_BATCH_SIZE). */
  private readonly batch: number;
  /** How long a batch that is not full waits for more calls (HISTORY_LINGER_MS). */
  private readonly linger: number;
  private running = false;
  private loop: Promise<void> | undefined;
  private readonly knownAccounts = new Set<string>();

  constructor(
    @Inject(RedisClient) private readonly redis: RedisClient,
    private readonly database: Database,
    config: WorkerConfig,
    identity: WorkerIdentity,
    private readonly metrics: WorkerMetrics,
  ) {
    this.reader = duplicateRedis(redis, { connectionName: 'ccp-history-writer' });
    this.reader.on('error', () => {});
    this.stream = closedCallsStreamKey(config.queuePrefix);
    this.consumer = identity.instance;
    this.batch = config.historyBatchSize;
    this.linger = config.historyLingerMs;
  }

  onApplicationBootstrap(): void {
    this.running = true;
    this.loop = this.run();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    this.reader.disconnect();
    // A batch cut short is safe (not acknowledged: another writer takes it over), so shutdown never waits long for one.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.loop, new Promise((resolve) => (timer = setTimeout(resolve, SHUTDOWN_WAIT_MS)))]);
    clearTimeout(timer);
  }

  private async run(): Promise<void> {
    let failures = 0;
    // After a failure, this writer's own pending messages come first (id 0): they were read, not written.
    let own: boolean = true;
    let lastClaim = 0;
    // Batches are stored one after the other, in order, while the next ones are read from Redis and
    // prepared: the database and this thread work at the same time.
    const stores: Promise<void>[] = [];
    const drain = async () => {
      while (stores.length > 0) await stores.shift();
    };
    while (this.running) {
      try {
        await this.ensureGroup();
        let entries: StreamEntry[] = own ? await this.read('0', this.batch) : await this.readNew();
        const fromOwn: boolean = own;
        if (entries.length === 0 && Date.now() - lastClaim >= STALLED_AFTER_MS / 3) {
          lastClaim = Date.now();
          entries = await this.claimStalled();
        }
        if (entries.length === 0) await drain();
        else {
          const batch = await this.prepare(entries);
          // A batch is stored only once the one before is: never acknowledged ahead of an earlier one that failed.
          const stored = (stores.at(-1) ?? Promise.resolve()).then(() => this.store(batch));
          // Rejections are taken where it is awaited; this keeps one failing before that from being unhandled.
          stored.catch(() => undefined);
          stores.push(stored);
          // Own pending messages are read from id 0 until none are left: each such batch is stored before the next read.
          if (fromOwn) await drain();
          while (stores.length > BATCHES_AHEAD) await stores.shift();
        }
        own = fromOwn && entries.length > 0;
        failures = 0;
      } catch (error) {
        await Promise.allSettled(stores.splice(0));
        if (!this.running) return;
        if (failures === 0) this.logger.warn(`cannot move closed calls to the history yet: ${(error as Error).message}`);
        own = true;
        await this.database.renew().catch(() => undefined);
        await sleep(BACKOFF_MS[Math.min(failures++, BACKOFF_MS.length - 1)] as number);
      }
    }
    await Promise.allSettled(stores);
  }

  private groupReady = false;

  private async ensureGroup(): Promise<void> {
    if (this.groupReady) return;
    try {
      // From the stream's start: messages added before the first writer ever ran are not skipped.
      await this.redis.xgroup('CREATE', this.stream, HISTORY_WRITERS_GROUP, '0', 'MKSTREAM');
    } catch (error) {
      if (!(error as Error).message.startsWith('BUSYGROUP')) throw error;
    }
    this.groupReady = true;
  }

  /** New messages: a batch, or what came within the linger after the first ones. */
  private async readNew(): Promise<StreamEntry[]> {
    const first = await this.read('>', this.batch, BLOCK_MS);
    if (first.length === 0 || first.length >= this.batch || this.linger === 0) return first;
    await sleep(this.linger);
    return this.running ? [...first, ...(await this.read('>', this.batch - first.length))] : first;
  }

  private async read(from: '0' | '>', count: number, blockMs?: number): Promise<StreamEntry[]> {
    const group = ['GROUP', HISTORY_WRITERS_GROUP, this.consumer, 'COUNT', count] as const;
    const reply = (await (blockMs === undefined
      ? this.reader.xreadgroup(...group, 'STREAMS', this.stream, from)
      : this.reader.xreadgroup(...group, 'BLOCK', blockMs, 'STREAMS', this.stream, from))) as Array<[string, StreamEntry[]]> | null;
    return reply?.[0]?.[1] ?? [];
  }

  /** Messages other writers read and never acknowledged (they died), taken over. */
  private async claimStalled(): Promise<StreamEntry[]> {
    const [, entries] = (await this.redis.xautoclaim(
      this.stream,
      HISTORY_WRITERS_GROUP,
      this.consumer,
      STALLED_AFTER_MS,
      '0-0',
      'COUNT',
      this.batch,
    )) as [string, StreamEntry[]];
    return entries.filter((entry) => entry[1] !== null);
  }

  /** Reads the trails of a batch of messages and turns them into calls to keep. */
  private async prepare(entries: readonly StreamEntry[]): Promise<PreparedBatch> {
    const ids = entries.map(([id]) => id);
    const messages = new Map<string, ClosedCallMessage>();
    for (const [, fields] of entries) {
      const message = parseClosedCallFields(fields ?? []);
      if (message) messages.set(`${message.accountId} ${message.trail}`, message);
    }
    const ours = await this.ourAccounts(new Set([...messages.values()].map((m) => m.accountId)));
    const closed = [...messages.values()].filter((m) => ours.has(m.accountId));
    const replies = await readTrails(this.redis, closed);
    const calls: KeptCall[] = [];
    const batch = { ids, kept: [] as ClosedCallMessage[], done: [] as ClosedCallMessage[] };
    for (const [i, message] of closed.entries()) {
      const [trail, score] = replies[i] as [string[], string | null];
      // No trail: written and deleted by another writer already (a message sent twice), or dropped by Redis.
      if (trail.length === 0) {
        batch.done.push(message);
        continue;
      }
      try {
        calls.push(keptCallFromTrail(message.accountId, trail, { expiredAt: score === null ? null : Number(score) }));
        batch.kept.push(message);
      } catch (error) {
        if (!(error instanceof UnreadableTrail)) throw error;
        // Left in Redis (it expires with TRAIL_TTL_MS) to be looked at; never retried for ever.
        this.logger.error(`cannot keep the trail ${message.trail} of account ${message.accountId}: ${error.message}`);
        batch.done.push(message);
      }
    }
    return { ...batch, calls: new CallsToKeep(calls) };
  }

  /** Writes a prepared batch to the database, then deletes its trails and acknowledges its messages. */
  private async store({ ids, calls, kept, done }: PreparedBatch): Promise<void> {
    if (calls.rows.length > 0) await this.database.with((orm) => keepCalls(orm.em.fork(), calls));
    // The trails first, then the messages: should this stop in between, the messages come again, find
    // no trail, and are acknowledged then. Not one transaction: on a Redis Cluster an account's keys and
    // the stream may be on different masters, and a transaction must stay in one slot.
    const keptTrails = trailsByAccount(kept);
    await Promise.all(
      [...trailsByAccount([...kept, ...done])].map(([accountId, trails]) => {
        const finish = this.redis.multi();
        for (const trail of keptTrails.get(accountId) ?? []) finish.del(trailKey(accountId, trail));
        return execOrThrow(finish.zrem(closedCallsKey(accountId), ...trails));
      }),
    );
    await execOrThrow(
      this.redis
        .multi()
        .xack(this.stream, HISTORY_WRITERS_GROUP, ...ids)
        .xdel(this.stream, ...ids),
    );
    this.metrics.historyCallsStored(calls.rows.length);
  }

  /**
   * The accounts of this deployment's database among these. A deployment sharing this Redis and its
   * queue prefix (a misconfiguration) may send others: their messages are acknowledged here, their
   * trails left alone, and that deployment's sweep announces them again to its own writers.
   */
  private async ourAccounts(accountIds: ReadonlySet<string>): Promise<Set<string>> {
    const unknown = [...accountIds].filter((id) => !this.knownAccounts.has(id) && UUID.test(id));
    if (unknown.length > 0) {
      const found = await this.database.orm.em.fork().find(AccountSchema, { id: { $in: unknown } }, { fields: ['id'] });
      for (const account of found) this.knownAccounts.add(account.id);
    }
    return new Set([...accountIds].filter((id) => this.knownAccounts.has(id)));
  }
}

/**
 * Each message's trail and its score in the closed set, in the messages' order: one pipeline per
 * account, as on a Redis Cluster a pipeline must stay on one node (an account's keys share a slot).
 */
async function readTrails(redis: RedisClient, messages: readonly ClosedCallMessage[]): Promise<Array<[string[], string | null]>> {
  const read = new Map<string, [string[], string | null]>();
  await Promise.all(
    [...trailsByAccount(messages)].map(async ([accountId, trails]) => {
      const pipeline = redis.pipeline();
      for (const trail of trails) pipeline.lrange(trailKey(accountId, trail), 0, -1).zscore(closedCallsKey(accountId), trail);
      const replies = await execOrThrow(pipeline);
      for (const [i, trail] of trails.entries())
        read.set(`${accountId} ${trail}`, [replies[2 * i] as string[], replies[2 * i + 1] as string | null]);
    }),
  );
  return messages.map(({ accountId, trail }) => read.get(`${accountId} ${trail}`) ?? [[], null]);
}

function trailsByAccount(messages: readonly ClosedCallMessage[]): Map<string, string[]> {
  const trails = new Map<string, string[]>();
  for (const { accountId, trail } of messages) trails.set(accountId, [...(trails.get(accountId) ?? []), trail]);
  return trails;
}

/** The replies of a pipeline or transaction; the first command's error, or a discarded transaction, throws. */
async function execOrThrow(commands: ChainableCommander): Promise<unknown[]> {
  const replies = await commands.exec();
  if (replies === null) throw new Error('the transaction was discarded');
  const failed = replies.find(([error]) => error);
  if (failed) throw failed[0];
  return replies.map(([, reply]) => reply);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
