import { describe, expect, it } from 'vitest';
import { bestEffort } from '../../src/services/best-effort';

describe('bestEffort', () => {
  it('runs the call once', () => {
    let calls = 0;
    bestEffort(() => {
      calls += 1;
      return Promise.resolve();
    });
    expect(calls).toBe(1);
  });

  it.each([
    ['answers nothing (an API the platform lacks)', () => undefined],
    [
      'throws',
      () => {
        throw new Error('not supported');
      },
    ],
    ['rejects', () => Promise.reject(new Error('fail cancel'))],
  ])('carries on when the platform call %s', async (_, call) => {
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', record);
    try {
      expect(() => bestEffort(call)).not.toThrow();
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', record);
    }
  });
});
