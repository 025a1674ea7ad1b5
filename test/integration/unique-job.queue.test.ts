import { Queue, type Job } from "bullmq";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { createLogger } from "../../src/logging/logger.js";
import { createJobWorker, isFinalAttempt } from "../../src/queue/job.worker.js";
import { bullConnection, UniqueJobQueue, type UniqueJobQueueOptions } from "../../src/queue/unique-job.queue.js";
import { TEST_REDIS_URL, uniqueId } from "../support/database.js";
import { deleteRedisPrefix } from "../support/redis-cleanup.js";

/** This file's own prefix: nothing it adds can meet another test's queues, and all of it is deleted at the end. */
const PREFIX = `test-${uniqueId()}`;
const logger = createLogger({ level: "silent" });

interface ThingData {
  thingId: string;
  note?: string;
}

const opened: { close(): Promise<unknown> }[] = [];

/** A queue with a name of its own (one per test), closed after the test. */
function thingQueue(overrides: Partial<UniqueJobQueueOptions<ThingData>> = {}, name = `things-${uniqueId()}`): UniqueJobQueue<ThingData> {
  const queue = new UniqueJobQueue<ThingData>({ name, prefix: PREFIX, redisUrl: TEST_REDIS_URL }, {
    jobName: "thing",
    jobId: (data) => `thing.${data.thingId}`,
    jobOptions: { attempts: 3, backoff: { type: "exponential", delay: 1_000 } },
    ...overrides,
  });
  opened.push(queue);
  return queue;
}

/** A plain BullMQ view of the same queue, to look at what the class wrote. */
function probe(queue: UniqueJobQueue<ThingData>): Queue<ThingData> {
  const raw = new Queue<ThingData>(queue.address.name, { connection: bullConnection(TEST_REDIS_URL), prefix: PREFIX });
  opened.push(raw);
  return raw;
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 25));
  }
}

afterEach(async () => {
  for (const handle of opened.splice(0).reverse()) await handle.close();
});

afterAll(async () => {
  await deleteRedisPrefix(TEST_REDIS_URL, PREFIX);
});

describe("UniqueJobQueue", () => {
  it("adds one job per id, named by the configuration, with its retry policy", async () => {
    const queue = thingQueue();
    expect(await queue.enqueueOnce({ thingId: "a", note: "first" })).toBe(true);
    expect(await queue.enqueueOnce({ thingId: "a", note: "second" })).toBe(false);
    expect(await queue.enqueueOnce({ thingId: "b" })).toBe(true);

    const job = await probe(queue).getJob("thing.a");
    expect(job?.name).toBe("thing");
    expect(job?.data).toEqual({ thingId: "a", note: "first" });
    expect(job?.opts.attempts).toBe(3);
    expect(job?.opts.backoff).toEqual({ type: "exponential", delay: 1_000 });
    // Finished jobs are removed: PostgreSQL keeps the history.
    expect(job?.opts.removeOnComplete).toBe(true);
    expect(job?.opts.removeOnFail).toBe(true);
    expect((await queue.counts()).waiting).toBe(2);
  });

  it("says which ids are live", async () => {
    const queue = thingQueue();
    await queue.enqueueOnce({ thingId: "waiting" });
    await queue.enqueueOnce({ thingId: "later" }, { delayMs: 60_000 });
    expect(await queue.isLive("thing.waiting")).toBe(true);
    expect(await queue.isLive("thing.later")).toBe(true);
    expect(await queue.isLive("thing.never-added")).toBe(false);
    expect(await probe(queue).getJobState("thing.later")).toBe("delayed");
    expect((await queue.counts()).delayed).toBe(1);
  });

  it("replaces a finished job left under the id instead of being swallowed by it", async () => {
    // A configuration that keeps finished jobs, as BullMQ would when a removal was missed.
    const queue = thingQueue({ jobOptions: { removeOnComplete: false } });
    await queue.enqueueOnce({ thingId: "done", note: "first run" });
    const worker = createJobWorker<ThingData, string>(queue.address, async () => "ok", { label: "test", logger, concurrency: 1 });
    opened.push(worker);
    const raw = probe(queue);
    await waitUntil(async () => (await raw.getJobState("thing.done")) === "completed");
    await worker.close();

    expect(await queue.isLive("thing.done")).toBe(false);
    expect(await queue.enqueueOnce({ thingId: "done", note: "second run" })).toBe(true);
    expect(await raw.getJobState("thing.done")).toBe("waiting");
    expect((await raw.getJob("thing.done"))?.data.note).toBe("second run");
  });

  it("removes a job that has not started, and leaves an active one alone", async () => {
    const queue = thingQueue();
    await queue.enqueueOnce({ thingId: "idle" });
    expect(await queue.removeIfWaiting("thing.idle")).toBe(true);
    expect(await queue.isLive("thing.idle")).toBe(false);
    expect(await queue.removeIfWaiting("thing.idle")).toBe(false);

    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let started = false;
    const worker = createJobWorker<ThingData, string>(
      queue.address,
      async () => {
        started = true;
        await released;
        return "ok";
      },
      { label: "test", logger, concurrency: 1 },
    );
    opened.push(worker);
    await queue.enqueueOnce({ thingId: "busy" });
    await waitUntil(async () => started);
    expect(await queue.removeIfWaiting("thing.busy")).toBe(false);
    expect(await queue.isLive("thing.busy")).toBe(true);
    expect((await queue.counts()).active).toBe(1);
    release();
    await waitUntil(async () => !(await queue.isLive("thing.busy")));
  });

  it("names itself <prefix>:<name>, the scope other components key on", () => {
    const queue = thingQueue({}, "scoped");
    expect(queue.qualifiedName).toBe(`${PREFIX}:scoped`);
    expect(queue.address).toEqual({ name: "scoped", prefix: PREFIX, redisUrl: TEST_REDIS_URL });
  });
});

describe("createJobWorker", () => {
  it("runs the queue's jobs with its retry policy: a thrown error retries, the final attempt is known", async () => {
    const queue = thingQueue({ jobOptions: { attempts: 2, backoff: { type: "fixed", delay: 10 } } });
    const seen: { attempt: number; final: boolean }[] = [];
    const worker = createJobWorker<ThingData, string>(
      queue.address,
      async (job: Job<ThingData>) => {
        seen.push({ attempt: job.attemptsMade + 1, final: isFinalAttempt(job) });
        if (!isFinalAttempt(job)) throw new Error("transient");
        return "ok";
      },
      { label: "test", logger, concurrency: 1, lockMs: 5_000 },
    );
    opened.push(worker);
    await queue.enqueueOnce({ thingId: "retry" });
    await waitUntil(async () => seen.length === 2 && !(await queue.isLive("thing.retry")));
    expect(seen).toEqual([
      { attempt: 1, final: false },
      { attempt: 2, final: true },
    ]);
    expect(worker.opts.lockDuration).toBe(5_000);
    // Options left out keep BullMQ's defaults rather than becoming undefined.
    expect(worker.opts.stalledInterval).toBe(30_000);
  });
});
