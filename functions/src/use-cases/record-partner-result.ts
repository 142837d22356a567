import { BadSignatureError, LookupClosedError, LookupNotFoundError, NotFoundError } from '../errors.ts';
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
 * A company's signed late answer. In API.md order: unknown company (404 NOT_FOUND), bad signature
 * or stale timestamp (401), then — once the body parses — an unknown lookup or one of another
 * company (404 LOOKUP_NOT_FOUND), a lookup already closed without this answer (409). A repeat of
 * the recorded answer is accepted again.
 */
export async function verifyPartnerCallback(
  deps: { registry: PartnerRegistry; signer: RequestSigner; clock: Clock },
  input: PartnerResultInput,
): Promise<void> {
  if (!deps.registry.find(input.companyId)) throw new NotFoundError();
  const secret = await deps.registry.secret(input.companyId);
  const valid =
    input.timestamp !== undefined &&
    input.signature !== undefined &&
    deps.signer.verify(
      secret,
      input.timestamp,
      input.rawBody,
      input.signature,
      epochSeconds(deps.clock.now()),
    );
  if (!valid) throw new BadSignatureError();
}

export async function recordPartnerResult(
  deps: { lookups: LookupStore; clock: Clock },
  input: { companyId: string; lookupId: string; count: number },
): Promise<void> {
  const now = epochSeconds(deps.clock.now());
  const lookup = await deps.lookups.get(input.lookupId, now);
  if (!lookup || lookup.companyId !== input.companyId) throw new LookupNotFoundError();
  const after =
    lookup.status === 'PENDING' ? await deps.lookups.recordCount(input.lookupId, input.count) : lookup;
  if (after?.status === 'DONE' && after.count === input.count) return;
  throw new LookupClosedError();
}
