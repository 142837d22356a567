import { MAX_CODE_ATTEMPTS } from '@occ/shared';
import { createKeyring } from '../src/adapters/crypto/keyring.ts';
import { SmsNotSentError, TransientError } from '../src/errors.ts';
import type { CarrierDirectory } from '../src/ports/carrier-directory.ts';
import type { Clock } from '../src/ports/clock.ts';
import {
  type CounterStore,
  type RecordOutcome,
  type SlidingLimit,
  secondsUntilAdmitted,
  type TakenSlot,
} from '../src/ports/counter-store.ts';
import type { LogFields, Logger } from '../src/ports/logger.ts';
import type { LookupItem, LookupStore } from '../src/ports/lookup-store.ts';
import type { LookupQueue, SmsMessage, SmsSender } from '../src/ports/messaging.ts';
import type { NewCode, NumberItem, NumberStore, SendOutcome } from '../src/ports/number-store.ts';
import type { PartnerRateLimiter } from '../src/ports/partner-rate-limiter.ts';
import { type CompanyResult, type QueryItem, type QueryStore, summaryOf } from '../src/ports/query-store.ts';
import type { Random } from '../src/ports/random.ts';
import type { TaskTokenOutcome, TaskTokens } from '../src/ports/task-tokens.ts';

/** In-memory ports with the same conditional semantics as the DynamoDB adapters. */
export class FakeClock implements Clock {
  constructor(public ms = Date.parse('2026-03-01T08:00:00Z')) {}
  now() {
    return new Date(this.ms);
  }
  advance(seconds: number) {
    this.ms += seconds * 1000;
  }
}

export function sequenceRandom(codes: string[] = ['123456']): Random & { ids: number } {
  let next = 0;
  const random = {
    ids: 0,
    code: () => codes[next++ % codes.length] ?? '000000',
    id: () => `id-${++random.ids}`,
  };
  return random;
}

export const keyring = createKeyring({ pepper: 'test-pepper', phoneKey: 'test-phone-key' });

/** One item per number, each change all or nothing, as the DynamoDB adapter's conditional writes. */
export class MemoryNumbers implements NumberStore {
  items = new Map<string, NumberItem>();
  async get(phoneHash: string, now: number) {
    const item = this.items.get(phoneHash);
    return item && item.expiresAt > now ? structuredClone(item) : undefined;
  }
  async sendCode(code: NewCode, limits: readonly SlidingLimit[]): Promise<SendOutcome> {
    const previous = this.items.get(code.phoneHash);
    const live = previous && previous.expiresAt > code.sentAt ? previous : undefined;
    const times = live?.codesSentAt ?? [];
    if ((live?.cooldownUntil ?? 0) > code.sentAt || secondsUntilAdmitted(times, limits, code.sentAt) > 0) {
      return { sent: false, current: live && structuredClone(live) };
    }
    const item: NumberItem = {
      phoneHash: code.phoneHash,
      codesSentAt: [...times, code.sentAt].slice(-10),
      codeHash: code.codeHash,
      state: 'LIVE',
      attempts: 0,
      codeExpiresAt: code.codeExpiresAt,
      expiresAt: code.expiresAt,
    };
    this.items.set(code.phoneHash, item);
    return {
      sent: true,
      undo: async () => {
        if (this.items.get(code.phoneHash) !== item) return;
        if (previous) this.items.set(code.phoneHash, previous);
        else this.items.delete(code.phoneHash);
      },
    };
  }
  async recordWrongTry(phoneHash: string, codeHash: string, max: number, now: number) {
    const item = this.liveCode(phoneHash, codeHash, max, now);
    if (!item) return undefined;
    item.attempts++;
    return item.attempts;
  }
  async accept(phoneHash: string, codeHash: string, use: Parameters<NumberStore['accept']>[2]) {
    const item = this.liveCode(phoneHash, codeHash, MAX_CODE_ATTEMPTS, use.usedAt);
    if (!item || (item.cooldownUntil ?? 0) > use.usedAt) return false;
    Object.assign(item, use, { state: 'USED', expiresAt: use.cooldownUntil });
    return true;
  }
  async undoAcceptance(phoneHash: string, queryId: string) {
    const item = this.items.get(phoneHash);
    if (item?.queryId !== queryId) return;
    delete item.submissionHash;
    delete item.cooldownUntil;
  }
  private liveCode(phoneHash: string, codeHash: string, max: number, now: number) {
    const item = this.items.get(phoneHash);
    const live =
      item?.state === 'LIVE' && item.codeHash === codeHash && item.attempts < max && item.codeExpiresAt > now;
    return live ? item : undefined;
  }
}

/** Sliding logs and capped windows in memory. */
export class MemoryCounters implements CounterStore {
  logs = new Map<string, number[]>();
  windows = new Map<string, number>();
  async record(key: string, limits: readonly SlidingLimit[], now: number): Promise<RecordOutcome> {
    const times = this.logs.get(key) ?? [];
    const wait = secondsUntilAdmitted(times, limits, now);
    if (wait > 0) return { recorded: false, wait };
    const recorded = [...times, now].slice(-Math.max(...limits.map((limit) => limit.count)));
    this.logs.set(key, recorded);
    return {
      recorded: true,
      undo: async () => {
        if (this.logs.get(key) === recorded) this.logs.set(key, times);
      },
    };
  }
  async take(window: string, limit: number): Promise<TakenSlot | undefined> {
    const taken = this.windows.get(window) ?? 0;
    if (taken >= limit) return undefined;
    this.windows.set(window, taken + 1);
    return {
      giveBack: async () => {
        this.windows.set(window, (this.windows.get(window) ?? 1) - 1);
      },
    };
  }
}

export class MemoryQueries implements QueryStore {
  items = new Map<string, QueryItem>();
  async create(item: QueryItem) {
    if (this.items.has(item.queryId)) throw new Error('exists');
    this.items.set(item.queryId, structuredClone({ results: {}, waiting: {}, ...item }));
  }
  async get(queryId: string, now: number) {
    const item = this.items.get(queryId);
    return item && item.expiresAt > now ? structuredClone(item) : undefined;
  }
  async markLookingUp(queryId: string, now: number) {
    const item = this.items.get(queryId);
    if (!item || item.expiresAt <= now || item.smsSentAt) return undefined;
    if (item.status !== 'ACCEPTED' && item.status !== 'LOOKING_UP') return undefined;
    item.status = 'LOOKING_UP';
    item.results ??= {};
    item.waiting ??= {};
    return structuredClone(item);
  }
  async recordResult(queryId: string, companyId: string, result: CompanyResult) {
    const item = this.items.get(queryId);
    if (!item) return undefined;
    if (item.results && !item.results[companyId] && !item.replyText) item.results[companyId] = { ...result };
    return structuredClone(item);
  }
  async awaitCallback(queryId: string, companyId: string, taskToken: string) {
    const item = this.items.get(queryId);
    if (!item) return undefined;
    if (item.waiting && !item.results?.[companyId]) item.waiting[companyId] = taskToken;
    return structuredClone(item);
  }
  async claimReply(queryId: string, at: string, text: string) {
    const item = this.items.get(queryId);
    if (!item || item.replyClaimedAt || !item.phoneEncrypted) return undefined;
    item.replyClaimedAt = at;
    item.replyText ??= text;
    return structuredClone(item);
  }
  async releaseReply(queryId: string, at: string) {
    const item = this.must(queryId);
    if (item.replyClaimedAt === at) delete item.replyClaimedAt;
  }
  async recordDelivery(queryId: string, at: string) {
    const item = this.items.get(queryId);
    if (!item) return;
    if (item.status === 'ACCEPTED' || item.status === 'LOOKING_UP') item.status = 'COMPLETED';
    item.smsSentAt ??= at;
    item.completedAt ??= at;
    delete item.phoneEncrypted;
  }
  async recordFailure(queryId: string, at: string) {
    const item = this.items.get(queryId);
    if (!item) return;
    if ((item.status === 'ACCEPTED' || item.status === 'LOOKING_UP') && !item.smsSentAt)
      item.status = 'FAILED';
    item.completedAt ??= at;
    delete item.phoneEncrypted;
  }
  async listByOwner(ownerId: string, options: { since: string; now: number; limit: number }) {
    return [...this.items.values()]
      .filter(
        (item) =>
          item.ownerId === ownerId && item.acceptedAt >= options.since && item.expiresAt > options.now,
      )
      .sort((a, b) => b.acceptedAt.localeCompare(a.acceptedAt))
      .slice(0, options.limit)
      .map(summaryOf);
  }
  must(queryId: string): QueryItem {
    const item = this.items.get(queryId);
    if (!item) throw new Error('no query');
    return item;
  }
}

export class MemoryLookups implements LookupStore {
  items = new Map<string, LookupItem>();
  async put(items: LookupItem[]) {
    for (const item of items) this.items.set(item.lookupId, { ...item });
  }
  async get(lookupId: string, now: number) {
    const item = this.items.get(lookupId);
    return item && item.expiresAt > now ? { ...item } : undefined;
  }
}

export class MemoryQueue implements LookupQueue {
  queued: string[] = [];
  async enqueue(queryId: string) {
    this.queued.push(queryId);
  }
}

/**
 * The phone behind a scripted gateway: each entry of `outcomes` decides one send, then sends go
 * through. `refused` throws before delivering; `lost` throws an error without an answer before
 * delivering; `delivered-then-lost` delivers and then throws as a dropped connection would.
 */
export class MemorySms implements SmsSender {
  sent: SmsMessage[] = [];
  outcomes: ('refused' | 'lost' | 'delivered-then-lost')[] = [];
  async send(message: SmsMessage) {
    const outcome = this.outcomes.shift();
    if (outcome === 'refused') throw new SmsNotSentError('Throttling (400)');
    if (outcome === 'lost') throw new Error('socket hang up');
    this.sent.push(message);
    if (outcome === 'delivered-then-lost') throw new Error('ECONNRESET');
    return { messageId: `memory-${this.sent.length}` };
  }
}

export function fakeCarrier(
  subscribers: Record<string, { idSuffix: string; inService: boolean }>,
): CarrierDirectory {
  return {
    isInService: async (phone) => subscribers[phone]?.inService === true,
    ownerIdSuffixMatches: async (phone, idSuffix) => subscribers[phone]?.idSuffix === idSuffix,
  };
}

export class MemoryLogger implements Logger {
  lines: { level: string; event: string; fields?: LogFields }[] = [];
  info(event: string, fields?: LogFields) {
    this.lines.push({ level: 'info', event, ...(fields ? { fields } : {}) });
  }
  warn(event: string, fields?: LogFields) {
    this.lines.push({ level: 'warn', event, ...(fields ? { fields } : {}) });
  }
  error(event: string, fields?: LogFields) {
    this.lines.push({ level: 'error', event, ...(fields ? { fields } : {}) });
  }
}

/** Fixed one-second windows per company on the fake clock; a full window is refused at once. */
export class MemoryRateLimiter implements PartnerRateLimiter {
  windows = new Map<string, number>();
  constructor(private readonly clock: Clock) {}
  async acquire(companyId: string, ratePerSecond: number) {
    const key = `${companyId}#${Math.floor(this.clock.now().getTime() / 1000)}`;
    const used = this.windows.get(key) ?? 0;
    if (used >= ratePerSecond) throw new TransientError(`rate of ${companyId} is full`);
    this.windows.set(key, used + 1);
  }
}

/**
 * Task tokens as Step Functions answers them: each token resumes its task once (`sent`), then is
 * `gone`; a token in `timedOut` answers `timed-out`; `failures` makes the next sends fail as a
 * throttled or unreachable service would (`TransientError`).
 */
export class MemoryTaskTokens implements TaskTokens {
  resumed = new Map<string, unknown>();
  timedOut = new Set<string>();
  failures = 0;
  async sendSuccess(taskToken: string, output: unknown): Promise<TaskTokenOutcome> {
    if (this.failures > 0) {
      this.failures--;
      throw new TransientError('SendTaskSuccess failed: ThrottlingException');
    }
    if (this.timedOut.has(taskToken)) return 'timed-out';
    if (this.resumed.has(taskToken)) return 'gone';
    this.resumed.set(taskToken, structuredClone(output));
    return 'sent';
  }
}
