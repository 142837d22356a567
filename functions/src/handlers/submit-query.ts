import { parseSubmitQueryBody } from '@occ/shared';
import { authenticate, bodyOrThrow, countingRefusals, httpHandler } from '../http/respond.ts';
import { submitQuery } from '../use-cases/submit-query.ts';

/** `POST /v1/queries`: 202 for a new query (matched or not), 200 for a repeat of the same submission. */
export const handler = httpHandler('submit-query', async (request, deps) => {
  const session = await authenticate(request, deps);
  const { repeated, query } = await countingRefusals(request.logger, 'query_refused', () =>
    submitQuery(
      {
        ...deps,
        numbers: deps.codes,
        keyring: { ...deps.hasher, ...deps.sealer },
        companyIds: deps.settings.partners.map((partner) => partner.companyId),
        retentionDays: deps.settings.queryRetentionDays,
      },
      { userId: session.userId, ...bodyOrThrow(parseSubmitQueryBody(request.body)) },
    ),
  );
  request.logger.info(repeated ? 'query_repeated' : 'query_accepted', { queryId: query.queryId });
  return { status: repeated ? 200 : 202, body: query };
});
