import type { CarrierDirectory } from '../../ports/carrier-directory.ts';
import { type Clock, epochSeconds } from '../../ports/clock.ts';
import { HttpStatusError, MalformedAnswerError, unavailable } from '../failure.ts';
import { postJson } from '../http/post-json.ts';
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
  async function call(path: string, payload: Record<string, string>): Promise<unknown> {
    const body = JSON.stringify(payload);
    const headers = signedHeaders(await deps.secret(), body, epochSeconds(deps.clock.now()));
    let answer: { status: number; text: string };
    try {
      answer = await postJson(`${deps.endpoint}${path}`, headers, body, deps.timeoutMs ?? 3_000);
    } catch (error) {
      throw unavailable(error);
    }
    if (answer.status < 200 || answer.status > 299) throw unavailable(new HttpStatusError(answer.status));
    try {
      return JSON.parse(answer.text);
    } catch (error) {
      // A body cut short or not JSON is the directory failing, not the request: try again later.
      throw unavailable(new MalformedAnswerError({ cause: error }));
    }
  }
  /** The one boolean the answer must carry; any other shape means the directory is not usable now. */
  async function answer(path: string, payload: Record<string, string>, field: string): Promise<boolean> {
    const body = await call(path, payload);
    const value =
      typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[field] : undefined;
    if (typeof value !== 'boolean') throw unavailable(new MalformedAnswerError());
    return value;
  }
  return {
    isInService: (phone) => answer('/v1/subscribers/status', { phone }, 'inService'),
    ownerIdSuffixMatches: (phone, idSuffix) =>
      answer('/v1/subscribers/owner-check', { phone, idSuffix }, 'matches'),
  };
}
