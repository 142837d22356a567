import { SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../adapters/partners/signing.ts';
import { httpHandler } from '../http/respond.ts';
import { epochSeconds } from '../ports/clock.ts';
import { answerCarrier } from '../sandbox/carrier.ts';

/** The sandbox's simulated carrier directory (its function URL is the stage's carrier endpoint). */
export const handler = httpHandler('sandbox-carrier', async (request, deps) => {
  const answer = answerCarrier(
    deps.simulation.scenario,
    await deps.simulation.carrierSecret(),
    epochSeconds(deps.clock.now()),
    {
      path: request.path,
      headers: {
        [TIMESTAMP_HEADER]: request.header(TIMESTAMP_HEADER),
        [SIGNATURE_HEADER]: request.header(SIGNATURE_HEADER),
      },
      body: request.body ?? '',
    },
  );
  return { status: answer.status, body: answer.body };
});
