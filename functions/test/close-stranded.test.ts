import { describe, expect, it } from 'vitest';
import { epochSeconds } from '../src/ports/clock.ts';
import type { QueryItem } from '../src/ports/query-store.ts';
import { closeAfterExecution, closeDeadLetters, closeStranded } from '../src/use-cases/close-stranded.ts';
import { FakeClock, keyring, MemoryLogger, MemoryQueries } from './fakes.ts';

const PHONE = '13800138000';
const CLAIMED_AT = '2026-03-01T07:59:00.000Z';

/** The starting states of a query an ended execution or a dead letter can name. */
const STATES = {
  ACCEPTED: {},
  LOOKING_UP: { status: 'LOOKING_UP' },
  'claimed, delivery not recorded': {
    status: 'LOOKING_UP',
    replyText: 'reply',
    replyClaimedAt: CLAIMED_AT,
  },
  COMPLETED: {
    status: 'COMPLETED',
    phoneEncrypted: undefined,
    replyText: 'reply',
    replyClaimedAt: CLAIMED_AT,
    smsSentAt: CLAIMED_AT,
    completedAt: CLAIMED_AT,
  },
  FAILED: { status: 'FAILED', phoneEncrypted: undefined, completedAt: CLAIMED_AT },
  'REJECTED, reply sent': {
    status: 'REJECTED',
    phoneEncrypted: undefined,
    replyText: 'unsuccessful',
    smsSentAt: CLAIMED_AT,
    completedAt: CLAIMED_AT,
  },
  'REJECTED, reply not sent': { status: 'REJECTED', companies: [] },
} satisfies Record<string, Partial<QueryItem>>;
type StateName = keyof typeof STATES;

/** What each starting state becomes: status, number held, smsSentAt, and whether it was stranded. */
const EXPECTED: Record<
  StateName,
  { status: QueryItem['status']; smsSentAt?: string; closed: boolean; completedAt?: string }
> = {
  ACCEPTED: { status: 'FAILED', closed: true },
  LOOKING_UP: { status: 'FAILED', closed: true },
  'claimed, delivery not recorded': {
    status: 'COMPLETED',
    smsSentAt: CLAIMED_AT,
    closed: true,
    completedAt: CLAIMED_AT,
  },
  COMPLETED: { status: 'COMPLETED', smsSentAt: CLAIMED_AT, closed: false, completedAt: CLAIMED_AT },
  FAILED: { status: 'FAILED', closed: false, completedAt: CLAIMED_AT },
  'REJECTED, reply sent': {
    status: 'REJECTED',
    smsSentAt: CLAIMED_AT,
    closed: false,
    completedAt: CLAIMED_AT,
  },
  'REJECTED, reply not sent': { status: 'REJECTED', closed: true },
};

function world(state: StateName) {
  const clock = new FakeClock();
  const queries = new MemoryQueries();
  const logger = new MemoryLogger();
  const item: QueryItem = {
    queryId: 'q1',
    ownerId: 's1',
    phoneHash: keyring.hashPhone(PHONE),
    phoneMasked: '138****8000',
    phoneEncrypted: keyring.encryptPhone(PHONE),
    status: 'ACCEPTED',
    acceptedAt: clock.now().toISOString(),
    replyBy: clock.now().toISOString(),
    companies: [{ companyId: 'tencent', lookupId: 'lookup-tencent' }],
    expiresAt: epochSeconds(clock.now()) + 86_400,
    ...STATES[state],
  };
  if (item.phoneEncrypted === undefined) delete item.phoneEncrypted;
  queries.items.set(item.queryId, item);
  const before = structuredClone(item);
  return { clock, queries, logger, deps: { queries, clock, logger }, before };
}

const executionEvent = (status: string, name = 'q1') => ({
  name,
  status,
  stateMachineArn: 'arn:aws:states:ap-southeast-1:111122223333:stateMachine:occ-dev-lookup',
});

/** Both event shapes, each reduced to "close query q1". */
const SOURCES = {
  'an execution that FAILED': (w: ReturnType<typeof world>) =>
    closeAfterExecution(w.deps, executionEvent('FAILED')),
  'an execution that TIMED_OUT': (w: ReturnType<typeof world>) =>
    closeAfterExecution(w.deps, executionEvent('TIMED_OUT')),
  'an execution that was ABORTED': (w: ReturnType<typeof world>) =>
    closeAfterExecution(w.deps, executionEvent('ABORTED')),
  'a lookup dead letter': (w: ReturnType<typeof world>) =>
    closeDeadLetters(w.deps, [{ messageId: 'm1', body: JSON.stringify({ queryId: 'q1' }) }]),
};
const REASONS: Record<keyof typeof SOURCES, string> = {
  'an execution that FAILED': 'execution_failed',
  'an execution that TIMED_OUT': 'execution_timed_out',
  'an execution that was ABORTED': 'execution_aborted',
  'a lookup dead letter': 'lookup_not_started',
};

describe('closing a stranded query', () => {
  const cases = (Object.keys(SOURCES) as (keyof typeof SOURCES)[]).flatMap((source) =>
    (Object.keys(STATES) as StateName[]).map((state) => [source, state] as const),
  );

  it.each(cases)('after %s, a query that was %s', async (source, state) => {
    const w = world(state);
    await SOURCES[source](w);
    const after = w.queries.items.get('q1');
    const expected = EXPECTED[state];
    expect(after?.status).toBe(expected.status);
    expect(after?.phoneEncrypted, 'the sealed number is erased').toBeUndefined();
    expect(after?.smsSentAt).toBe(expected.smsSentAt);
    expect(after?.completedAt).toBe(expected.completedAt ?? w.clock.now().toISOString());
    if (expected.status === 'COMPLETED') expect(after?.replyClaimedAt).toBe(CLAIMED_AT);
    if (!expected.closed) expect(after).toEqual(w.before);

    const closedLines = w.logger.lines.filter((line) => line.event === 'query_stranded_closed');
    expect(closedLines).toEqual(
      expected.closed
        ? [
            {
              level: 'warn',
              event: 'query_stranded_closed',
              fields: { queryId: 'q1', reason: REASONS[source] },
            },
          ]
        : [],
    );
    expect(
      w.logger.lines.some((line) => line.event === 'reply_delivery_unconfirmed'),
      'a held claim is reported as unconfirmed',
    ).toBe(state === 'claimed, delivery not recorded');
    expect(JSON.stringify(w.logger.lines)).not.toContain(PHONE);
  });

  it('changes nothing the second time: a redelivered event is harmless', async () => {
    const w = world('LOOKING_UP');
    expect(await closeStranded(w.deps, { queryId: 'q1', reason: 'execution_failed' })).toBe('closed');
    const once = structuredClone(w.queries.items.get('q1'));
    w.clock.advance(60);
    expect(await closeStranded(w.deps, { queryId: 'q1', reason: 'execution_failed' })).toBe('already_closed');
    expect(w.queries.items.get('q1')).toEqual(once);
    expect(w.logger.lines.filter((line) => line.event === 'query_stranded_closed')).toHaveLength(1);
  });

  it('leaves a query that no longer exists (expired or never stored) missing', async () => {
    const w = world('ACCEPTED');
    expect(await closeStranded(w.deps, { queryId: 'q-gone', reason: 'execution_timed_out' })).toBe('missing');
    expect(w.queries.items.has('q-gone')).toBe(false);
    w.clock.advance(86_400);
    expect(await closeStranded(w.deps, { queryId: 'q1', reason: 'execution_timed_out' })).toBe('missing');
  });

  it('ignores an execution event of another status or without a name', async () => {
    const w = world('LOOKING_UP');
    expect(await closeAfterExecution(w.deps, executionEvent('SUCCEEDED'))).toBe('ignored');
    expect(await closeAfterExecution(w.deps, executionEvent('RUNNING'))).toBe('ignored');
    expect(await closeAfterExecution(w.deps, { status: 'FAILED' })).toBe('ignored');
    expect(w.queries.items.get('q1')).toEqual(w.before);
  });

  it('rejects when the store fails on an execution event, so the invocation is retried', async () => {
    const w = world('LOOKING_UP');
    w.queries.recordFailure = async () => {
      throw new Error('ProvisionedThroughputExceededException');
    };
    await expect(closeAfterExecution(w.deps, executionEvent('TIMED_OUT'))).rejects.toThrow(
      'ProvisionedThroughputExceeded',
    );
  });

  it('logs every dead letter as an error, drops one without a query id, and hands back only a failed close', async () => {
    const w = world('LOOKING_UP');
    const other = structuredClone(w.before);
    other.queryId = 'q-store-down';
    w.queries.items.set(other.queryId, other);
    const recordFailure = w.queries.recordFailure.bind(w.queries);
    w.queries.recordFailure = async (queryId, at) => {
      if (queryId === 'q-store-down') throw new Error('ThrottlingException');
      return recordFailure(queryId, at);
    };
    const failed = await closeDeadLetters(w.deps, [
      { messageId: 'm1', body: JSON.stringify({ queryId: 'q1' }) },
      { messageId: 'm2', body: 'not json' },
      { messageId: 'm3', body: JSON.stringify({ queryId: 'q-store-down' }) },
    ]);
    expect(failed).toEqual(['m3']);
    expect(w.queries.items.get('q1')?.status).toBe('FAILED');
    expect(w.queries.items.get('q-store-down')?.phoneEncrypted).toBeDefined();
    const deadLettered = w.logger.lines.filter((line) => line.event === 'lookup_dead_lettered');
    expect(deadLettered.map((line) => line.level)).toEqual(['error', 'error', 'error']);
    expect(
      deadLettered
        .map((line) => line.fields)
        .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    ).toEqual([{ messageId: 'm2' }, { queryId: 'q-store-down' }, { queryId: 'q1' }]);
  });
});
