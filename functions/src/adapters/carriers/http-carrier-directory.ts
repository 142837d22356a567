import { ServiceUnavailableError } from '../../errors.ts';
import type { CarrierDirectory } from '../../ports/carrier-directory.ts';
import { type Clock, epochSeconds } from '../../ports/clock.ts';
import { signedHeaders } from '../partners/signing.ts';

/**
 * The carrier directory over signed HTTP: `POST {endpoint}/v1/subscribers/status` {phone} →
 * {inService}, and `POST {endpoint}/v1/subscribers/owner-check` {phone, idSuffix} → {matches}.
 */
export function carrierDirectoryFrom(deps: {
  endpoint: string;
  secret: () => Promise<string>;
  clock: Clock;
  timeoutMs?: number;
}): CarrierDirectory {
  async function call(path: string, payload: Record<string, string>): Promise<Record<string, unknown>> {
    const body = JSON.stringify(payload);
    const headers = signedHeaders(await deps.secret(), body, epochSeconds(deps.clock.now()));
    let response: Response;
    try {
      response = await fetch(`${deps.endpoint}${path}`, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(deps.timeoutMs ?? 3_000),
      });
    } catch {
      throw new ServiceUnavailableError();
    }
    if (!response.ok) throw new ServiceUnavailableError();
    return (await response.json()) as Record<string, unknown>;
  }
  return {
    async isInService(phone) {
      return (await call('/v1/subscribers/status', { phone })).inService === true;
    },
    async ownerIdSuffixMatches(phone, idSuffix) {
      return (await call('/v1/subscribers/owner-check', { phone, idSuffix })).matches === true;
    },
  };
}
