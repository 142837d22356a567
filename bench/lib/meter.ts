import { AsyncLocalStorage } from 'node:async_hooks';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { coldStart } from '@occ/functions/composition.ts';
import { HTTP_HANDLERS, QUEUE_HANDLERS, TASK_HANDLERS } from '@occ/local/handlers.ts';
import { StateMachine } from 'aws-local-stepfunctions';

/**
 * Counts what a query costs while the embedded default runs it: every handler invocation and its
 * duration (the Lambda bill), every state the executed workflow enters or retries (Step Functions
 * Standard bills each as a transition), and every DynamoDB request with the capacity dynalite
 * reports for it (the proxy asks for ReturnConsumedCapacity on each request).
 */
export interface Meter {
  invocations: Record<string, { count: number; totalMs: number }>;
  transitions: number;
  executions: number;
  dynamo: {
    reads: number;
    writes: number;
    readUnits: number;
    writeUnits: number;
    byOperation: Record<string, number>;
    /** DynamoDB requests by the handler that sent them, then by operation (`PutItem`, …). */
    byHandler: Record<string, Record<string, number>>;
  };
  sqsMessages: number;
}

export const meter: Meter = emptyMeter();

function emptyMeter(): Meter {
  return {
    invocations: {},
    transitions: 0,
    executions: 0,
    dynamo: { reads: 0, writes: 0, readUnits: 0, writeUnits: 0, byOperation: {}, byHandler: {} },
    sqsMessages: 0,
  };
}

export function resetMeter(): void {
  Object.assign(meter, emptyMeter());
}

let installed = false;
/** The handler an asynchronous chain of work runs for, so a DynamoDB request can be charged to it. */
const runningHandler = new AsyncLocalStorage<string>();

/** Wraps the handlers and the state machine runner; call before `startService`. */
export function installMeter(): void {
  if (installed) return;
  installed = true;
  for (const table of [HTTP_HANDLERS, TASK_HANDLERS, QUEUE_HANDLERS] as Record<
    string,
    (input: never) => Promise<unknown>
  >[]) {
    for (const [name, handler] of Object.entries(table)) {
      table[name] = async (input: never) => {
        const started = performance.now();
        try {
          return await runningHandler.run(name, () => handler(input));
        } finally {
          const entry = meter.invocations[name] ?? { count: 0, totalMs: 0 };
          meter.invocations[name] = entry;
          entry.count++;
          entry.totalMs += performance.now() - started;
          if (name === 'start-lookup') {
            meter.sqsMessages += (input as { Records?: unknown[] }).Records?.length ?? 0;
          }
        }
      };
    }
  }
  countDynamoRequestsByHandler();
  const run = StateMachine.prototype.run;
  StateMachine.prototype.run = function meteredRun(this: StateMachine, ...args: Parameters<typeof run>) {
    const execution = run.apply(this, args);
    meter.executions++;
    void (async () => {
      for await (const event of execution.eventLogs) {
        if (event.type === 'StateEntered' || event.type === 'StateRetried') meter.transitions++;
      }
    })().catch(() => {});
    return execution;
  };
}

/**
 * Charges every DynamoDB command to the handler that sends it: every AWS SDK v3 client (the
 * document client included) inherits `send` from one base class, wrapped here for DynamoDB ones.
 */
function countDynamoRequestsByHandler(): void {
  type Send = (this: { config?: { serviceId?: string } }, command: object, ...rest: unknown[]) => unknown;
  const base = Object.getPrototypeOf(DynamoDBClient.prototype) as { send: Send };
  const send = base.send;
  base.send = function meteredSend(this, command, ...rest) {
    const handler = runningHandler.getStore();
    if (handler && this.config?.serviceId === 'DynamoDB') {
      const operation = command.constructor.name
        .replace(/Command$/, '')
        .replace(/^(Get|Put|Update|Delete)$/, '$1Item');
      const counts = meter.dynamo.byHandler[handler] ?? {};
      meter.dynamo.byHandler[handler] = counts;
      counts[operation] = (counts[operation] ?? 0) + 1;
    }
    return send.call(this, command, ...rest);
  };
}

const READS = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan']);
const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem']);

/**
 * Puts a metering proxy in front of the handlers' DynamoDB endpoint (AWS_ENDPOINT_URL_DYNAMODB)
 * and starts the handlers cold so they use it. Returns a function that removes it.
 */
export async function meterDynamo(): Promise<() => Promise<void>> {
  const target = process.env.AWS_ENDPOINT_URL_DYNAMODB;
  if (!target) throw new Error('AWS_ENDPOINT_URL_DYNAMODB is not set: is the service running?');
  const upstream = new URL(target);
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const operation = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
      let body = Buffer.concat(chunks).toString('utf8');
      const metered = READS.has(operation) || WRITES.has(operation);
      if (metered) {
        const parsed = JSON.parse(body) as Record<string, unknown>;
        parsed.ReturnConsumedCapacity = 'TOTAL';
        body = JSON.stringify(parsed);
      }
      const headers = { ...req.headers, 'content-length': String(Buffer.byteLength(body)) };
      const out = request(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers },
        (upstreamRes) => {
          const parts: Buffer[] = [];
          upstreamRes.on('data', (chunk: Buffer) => parts.push(chunk));
          upstreamRes.on('end', () => {
            const text = Buffer.concat(parts).toString('utf8');
            if (metered) record(operation, upstreamRes.statusCode ?? 500, text);
            res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers).end(text);
          });
        },
      );
      out.on('error', () => res.socket?.destroy());
      out.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.env.AWS_ENDPOINT_URL_DYNAMODB = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  coldStart();
  return async () => {
    process.env.AWS_ENDPOINT_URL_DYNAMODB = target;
    coldStart();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  };
}

function record(operation: string, status: number, text: string): void {
  const { dynamo } = meter;
  dynamo.byOperation[operation] = (dynamo.byOperation[operation] ?? 0) + 1;
  const write = WRITES.has(operation);
  if (write) dynamo.writes++;
  else dynamo.reads++;
  let units = 0;
  if (status === 200) {
    const parsed = JSON.parse(text) as {
      ConsumedCapacity?: { CapacityUnits?: number } | { CapacityUnits?: number }[];
    };
    const consumed = parsed.ConsumedCapacity;
    units = (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []).reduce(
      (sum, c) => sum + (c.CapacityUnits ?? 0),
      0,
    );
  }
  // A write refused by its condition is still billed (at least one unit); so is a read of nothing.
  if (units === 0) units = write ? 1 : 0.5;
  if (write) dynamo.writeUnits += units;
  else dynamo.readUnits += units;
}
