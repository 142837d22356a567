import { afterEach, describe, expect, it } from 'vitest';
import { createLogger, setLogSink } from '../src/adapters/logging/json-logger.ts';

describe('createLogger', () => {
  const lines: Record<string, unknown>[] = [];
  setLogSink((line) => lines.push(JSON.parse(line) as Record<string, unknown>));
  afterEach(() => {
    lines.length = 0;
  });

  it('writes one JSON line with the event, the level and the fields', () => {
    // Act
    createLogger({ requestId: 'r-1' }).info('session_created', { phoneMasked: '138****8000' });

    // Assess
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'info',
        event: 'session_created',
        requestId: 'r-1',
        phoneMasked: '138****8000',
      }),
    ]);
    expect(lines[0]).not.toHaveProperty('scrubbed');
  });

  it('masks a mobile number that reached a field and names the field it masked', () => {
    // Act
    createLogger().warn('carrier_error', { detail: 'no answer for 13800138000 (+8613900139000)' });

    // Assess
    expect(lines[0]?.detail).toBe('no answer for 138****8000 (139****9000)');
    expect(lines[0]?.scrubbed).toEqual(['detail']);
  });

  it('leaves longer digit runs alone, such as timestamps and ids', () => {
    createLogger().info('tick', { epochMs: '1764324000000123', queryId: 'q-138001380001' });

    expect(lines[0]).toEqual(
      expect.objectContaining({ epochMs: '1764324000000123', queryId: 'q-138001380001' }),
    );
    expect(lines[0]).not.toHaveProperty('scrubbed');
  });
});
