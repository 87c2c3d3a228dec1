import type { NewQuestion } from './entities';
import type { FaqRepository } from './repository';
import type { Logger } from '../../core/logger';

/** Ids reserved from the database at a time; a restart leaves at most this many unused. */
const ID_BLOCK = 256;
/** Questions kept for a retry while the database refuses writes; older ones are dropped past this. */
const MAX_PENDING = 10_000;
const RETRY_MS = 1000;
/**
 * How long questions gather before they are written together. Long enough that a busy minute
 * costs a few dozen commits instead of one per question; short enough that nobody can press a
 * vote button before the row exists (the vote path flushes first anyway).
 */
export const QUESTION_WRITE_DELAY_MS = 20;

export interface FaqQuestionLog {
  /** Hands out the question's id at once; the row is written shortly after, together with others. */
  record(question: NewQuestion): Promise<number>;
  /** Writes every pending question now (before reading them back, and at shutdown). */
  flush(): Promise<void>;
  /** Questions not yet written: waiting for the next write, or in the write under way. */
  pending(): number;
}

export interface FaqQuestionLogOptions {
  /** Runs the deferred write; by default QUESTION_WRITE_DELAY_MS later, on a timer that does not keep the process alive. */
  defer?: (write: () => Promise<void>) => void;
}

/**
 * Records `/lead faq` questions off the answer's path. The answer goes back in Slack's
 * acknowledgement; the question row (needed for votes and for faq-gaps) follows in a batched
 * transaction, one commit for every question that arrived meanwhile.
 * A process killed in that short wait loses the record of those questions, never the answer;
 * a clean stop writes them first.
 */
export function createFaqQuestionLog(faq: FaqRepository, logger: Logger, options: FaqQuestionLogOptions = {}): FaqQuestionLog {
  const defer = options.defer ?? ((write) => void setTimeout(write, QUESTION_WRITE_DELAY_MS).unref());
  let queue: Array<{ id: number; question: NewQuestion }> = [];
  let nextId = 0;
  let lastReserved = -1;
  let scheduled = false;
  let retryTimer: NodeJS.Timeout | undefined;
  // Questions arriving while a block is being reserved wait for that one block instead of reserving their own.
  let reserving: Promise<void> | undefined;
  // The batch being written now. flush() waits for it: its callers (a vote, shutdown) rely on every
  // question recorded so far being stored when it resolves, and on PostgreSQL another connection
  // does not wait for an open transaction the way SQLite's single connection does.
  let writing: Promise<void> | undefined;
  // Questions of the write under way: out of the queue, not yet stored.
  let inWrite = 0;

  async function allocateId(): Promise<number> {
    while (nextId > lastReserved) {
      reserving ??= faq
        .reserveQuestionIds(ID_BLOCK)
        .then((first) => {
          nextId = first;
          lastReserved = first + ID_BLOCK - 1;
        })
        .finally(() => {
          reserving = undefined;
        });
      await reserving;
    }
    return nextId++;
  }

  async function flush(): Promise<void> {
    while (writing) await writing;
    scheduled = false;
    if (retryTimer) {
      clearTimeout(retryTimer);
      retryTimer = undefined;
    }
    if (queue.length === 0) return;
    const batch = queue;
    queue = [];
    const write = writeBatch(batch);
    writing = write;
    try {
      await write;
    } finally {
      if (writing === write) writing = undefined;
    }
  }

  async function writeBatch(batch: Array<{ id: number; question: NewQuestion }>): Promise<void> {
    inWrite = batch.length;
    try {
      const stored = await faq.storeQuestions(batch);
      inWrite = 0;
      if (stored < batch.length) logger.info({ dropped: batch.length - stored }, 'faq questions of forgotten users not stored');
    } catch (err) {
      inWrite = 0;
      queue = batch.concat(queue);
      const dropped = Math.max(0, queue.length - MAX_PENDING);
      if (dropped > 0) queue = queue.slice(dropped);
      // Question texts stay out of the log: they may name people.
      logger.error({ err, pending: queue.length, dropped }, 'storing faq questions failed; retrying');
      retryTimer = setTimeout(() => void flush(), RETRY_MS);
      retryTimer.unref();
    }
  }

  return {
    async record(question) {
      const id = await allocateId();
      queue.push({ id, question });
      if (!scheduled) {
        scheduled = true;
        defer(flush);
      }
      return id;
    },
    flush,
    pending: () => queue.length + inWrite,
  };
}
