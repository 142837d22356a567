import { isIssuedId, parsePartnerResultBody } from '@occ/shared';
import {
  BadSignatureError,
  InvalidRequestError,
  LookupClosedError,
  LookupNotFoundError,
  NotFoundError,
} from '../errors.ts';
import { type Clock, epochSeconds } from '../ports/clock.ts';
import type { LookupStore } from '../ports/lookup-store.ts';
import type { PartnerRegistry, RequestSigner } from '../ports/partners.ts';

export interface PartnerResultInput {
  companyId: string;
  timestamp: string | undefined;
  signature: string | undefined;
  rawBody: string;
}

/**
 * A company's signed late answer. In docs/api.md order: unknown company (404 NOT_FOUND), bad signature
 * or stale timestamp (401 BAD_SIGNATURE), the body (400), then a malformed or unknown lookup id or
 * one of another company (404 LOOKUP_NOT_FOUND, the format checked before any look-up) and a lookup already closed without this answer (409
 * LOOKUP_CLOSED). A repeat of the recorded answer is accepted again.
 */
export async function recordPartnerResult(
  deps: { registry: PartnerRegistry; signer: RequestSigner; lookups: LookupStore; clock: Clock },
  input: PartnerResultInput,
): Promise<void> {
  const now = epochSeconds(deps.clock.now());
  if (!deps.registry.find(input.companyId)) throw new NotFoundError();
  const secret = await deps.registry.secret(input.companyId);
  const signed =
    input.timestamp !== undefined &&
    input.signature !== undefined &&
    deps.signer.verify(secret, input.timestamp, input.rawBody, input.signature, now);
  if (!signed) throw new BadSignatureError();
  const body = parsePartnerResultBody(input.rawBody);
  if (!body.ok) throw new InvalidRequestError(body.error.code, body.error.field);
  const { lookupId, count } = body.value;
  // Only an id the service issued is looked up: anything else cannot be a lookup of ours.
  if (!isIssuedId(lookupId)) throw new LookupNotFoundError();

  const lookup = await deps.lookups.get(lookupId, now);
  if (!lookup || lookup.companyId !== input.companyId) throw new LookupNotFoundError();
  const after = lookup.status === 'PENDING' ? await deps.lookups.recordCount(lookupId, count) : lookup;
  if (after?.status === 'DONE' && after.count === count) return;
  throw new LookupClosedError();
}
