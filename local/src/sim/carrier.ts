import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { SIMULATION_HANDLERS } from '../handlers.ts';

/**
 * The simulated carrier directory behind the real carrier adapter's HTTP interface: the sandbox
 * stage's carrier function itself (`functions/src/handlers/sandbox-carrier.ts`), invoked as its
 * function URL would invoke it.
 */
export function simulatedCarrier() {
  return async (
    path: string,
    headers: Record<string, string | undefined>,
    rawBody: string,
  ): Promise<{ status: number; body: unknown }> => {
    const handler = SIMULATION_HANDLERS['sandbox-carrier'];
    if (!handler) throw new Error('no sandbox-carrier handler');
    const now = new Date();
    const event = {
      version: '2.0',
      routeKey: '$default',
      rawPath: path,
      rawQueryString: '',
      headers: Object.fromEntries(
        Object.entries(headers).filter((entry): entry is [string, string] => entry[1] !== undefined),
      ),
      body: rawBody,
      isBase64Encoded: false,
      requestContext: {
        http: { method: 'POST', path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: '' },
        requestId: randomUUID(),
        routeKey: '$default',
        stage: '$default',
        time: now.toISOString(),
        timeEpoch: now.getTime(),
      },
    } as unknown as APIGatewayProxyEventV2;
    const result = await handler(event);
    return { status: result.statusCode ?? 200, body: result.body ? JSON.parse(result.body) : undefined };
  };
}
