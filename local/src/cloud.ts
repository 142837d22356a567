import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { LocalStepFunctions } from './aws/sfn.ts';
import { snsPublish } from './aws/sns.ts';
import type { LocalQueue } from './aws/sqs.ts';
import { readBody, sendJson } from './http-util.ts';
import type { SimulatedCompanies } from './sim/companies.ts';

export interface CloudParts {
  queue: LocalQueue;
  stepFunctions: LocalStepFunctions;
  deliverSms: (message: { to: string; from: string; text: string }) => void;
  carrier: (
    path: string,
    headers: Record<string, string | undefined>,
    body: string,
  ) => Promise<{ status: number; body: unknown }>;
  companies: SimulatedCompanies;
  onError: (error: unknown) => void;
}

/**
 * The loopback server behind the handlers' AWS_ENDPOINT_URL_SNS / _SQS / _SFN (StartExecution,
 * SendTaskSuccess and SendTaskFailure), plus the simulated
 * carrier (`/carrier/...`) and companies (`/companies/{id}/...`), reached over HTTP exactly as the
 * real ones would be.
 */
export function createCloudServer(parts: CloudParts): Server {
  return createServer((request, response) => {
    route(parts, request, response).catch((error) => {
      parts.onError(error);
      if (!response.headersSent) sendJson(response, 500, { message: 'local emulation failed' });
    });
  });
}

async function route(parts: CloudParts, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const { text } = await readBody(request);
  const target = String(request.headers['x-amz-target'] ?? '');
  if (target.startsWith('AmazonSQS.')) {
    const result =
      target === 'AmazonSQS.SendMessage'
        ? parts.queue.sendMessage(JSON.parse(text) as { MessageBody?: string })
        : { status: 400, body: { __type: 'com.amazonaws.sqs#UnsupportedOperation', message: target } };
    return sendJson(response, result.status, result.body, { 'content-type': 'application/x-amz-json-1.0' });
  }
  if (target.startsWith('AWSStepFunctions.')) {
    const request = JSON.parse(text || '{}') as Record<string, unknown>;
    const sfn = parts.stepFunctions;
    const result =
      target === 'AWSStepFunctions.StartExecution'
        ? sfn.startExecution(request as { stateMachineArn?: string; name?: string; input?: string })
        : target === 'AWSStepFunctions.SendTaskSuccess'
          ? sfn.sendTaskSuccess(request)
          : target === 'AWSStepFunctions.SendTaskFailure'
            ? sfn.sendTaskFailure(request)
            : { status: 400, body: { __type: 'UnsupportedOperation', message: target } };
    return sendJson(response, result.status, result.body, { 'content-type': 'application/x-amz-json-1.0' });
  }
  if (url.pathname.startsWith('/carrier/')) {
    const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, String(v)]));
    const result = await parts.carrier(url.pathname.slice('/carrier'.length), headers, text);
    return sendJson(response, result.status, result.body);
  }
  const company = /^\/companies\/([a-z0-9-]+)\/v1\/account-counts$/.exec(url.pathname);
  if (company?.[1] && request.method === 'POST') {
    parts.companies.handle(company[1], text, request, response);
    return;
  }
  if (
    request.method === 'POST' &&
    String(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')
  ) {
    const result = snsPublish(new URLSearchParams(text), parts.deliverSms);
    response.writeHead(result.status, { 'content-type': 'text/xml' }).end(result.body);
    return;
  }
  sendJson(response, 404, { message: 'not emulated' });
}
