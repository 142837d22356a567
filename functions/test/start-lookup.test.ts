import { describe, expect, it } from 'vitest';
import { startLookupBatch } from '../src/use-cases/start-lookup.ts';
import { MemoryLogger } from './fakes.ts';

describe('startLookupBatch', () => {
  it('fails only the message that cannot be read or started, and starts every other', async () => {
    const started: string[] = [];
    const starter = {
      async start(queryId: string) {
        if (queryId === 'q-refused') throw new Error('ExecutionLimitExceeded');
        started.push(queryId);
      },
    };
    const logger = new MemoryLogger();
    const failed = await startLookupBatch({ starter, logger }, [
      { messageId: 'm1', body: JSON.stringify({ queryId: 'q-1' }) },
      { messageId: 'm2', body: '{"queryId": "q-2"' },
      { messageId: 'm3', body: 'null' },
      { messageId: 'm4', body: JSON.stringify({ queryId: 42 }) },
      { messageId: 'm5', body: JSON.stringify({ queryId: 'q-refused' }) },
      { messageId: 'm6', body: JSON.stringify({ queryId: 'q-3' }) },
    ]);
    expect(started.sort()).toEqual(['q-1', 'q-3']);
    expect(failed.sort()).toEqual(['m2', 'm3', 'm4', 'm5']);
    expect(logger.lines.filter((line) => line.event === 'queue_message_malformed')).toHaveLength(3);
    expect(JSON.stringify(logger.lines)).not.toContain('q-2');
  });

  it('returns every message of a query whose start failed, even when the query was queued twice', async () => {
    const starter = {
      async start() {
        throw new Error('ThrottlingException');
      },
    };
    const failed = await startLookupBatch({ starter, logger: new MemoryLogger() }, [
      { messageId: 'm1', body: JSON.stringify({ queryId: 'q-1' }) },
      { messageId: 'm2', body: JSON.stringify({ queryId: 'q-1' }) },
    ]);
    expect(failed.sort()).toEqual(['m1', 'm2']);
  });
});
