import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningService } from '@occ/local';
import { afterAll, describe, expect, it } from 'vitest';
import { Journey, makeSubscribers, replies } from './support/journey.ts';
import { startOnDisk } from './support/service.ts';

describe('stopping the service under load', () => {
  const folder = mkdtempSync(join(tmpdir(), 'occ-stop-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('stops without an unhandled error, and the next start completes every accepted query, replying at most once', async () => {
    // Prepare: errors thrown by work still in flight after close() would otherwise end the process.
    const stray: unknown[] = [];
    const record = (error: unknown) => stray.push(error);
    process.on('uncaughtException', record);
    process.on('unhandledRejection', record);
    const subscribers = makeSubscribers(20, 700);
    let first: RunningService | undefined;
    let second: RunningService | undefined;
    try {
      first = await startOnDisk(folder, subscribers);
      const journey = new Journey(first.baseUrl);
      const accepted = await Promise.all(subscribers.map((s) => journey.accepted(s)));

      // Act: stop while the lookups run, then start again on the same data.
      await first.close();
      second = await startOnDisk(folder, subscribers);
      const again = new Journey(second.baseUrl);
      const finals = [];
      for (const { token, queryId } of accepted) finals.push(await again.waitForFinal(token, queryId));

      // Assess
      expect(stray.map((error) => (error instanceof Error ? error.message : String(error)))).toEqual([]);
      expect(finals.map((final) => final.status)).toEqual(Array(subscribers.length).fill('COMPLETED'));
      // At most once: a reply whose hand-over to SNS got no answer is not sent again; it is logged
      // as unconfirmed (for the alarm) instead. Every other query gets exactly one reply.
      const unconfirmed = new Set(
        [...first.logLines(), ...second.logLines()]
          .filter((line) => line.event === 'reply_delivery_unconfirmed')
          .map((line) => String(line.queryId)),
      );
      for (const [i, { phone }] of subscribers.entries()) {
        const count = replies(await again.outbox(phone)).length;
        expect({ phone, count }).toEqual({
          phone,
          count: unconfirmed.has(accepted[i]?.queryId ?? '') ? count : 1,
        });
        expect(count).toBeLessThanOrEqual(1);
      }
    } finally {
      await first?.close();
      await second?.close();
      process.off('uncaughtException', record);
      process.off('unhandledRejection', record);
    }
  });
});
