import type { AddressInfo } from 'node:net';
import {
  CreateTableCommand,
  DynamoDBClient,
  PutItemCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { runPool } from './lib/pool.ts';

/**
 * The floor under every write path: bare conditional PutItem (`attribute_not_exists`) against an
 * in-process dynalite at the given concurrency, through the same SDK the handlers use.
 */
export async function measureConditionalPut(options: { total: number; concurrency: number }): Promise<{
  throughput: number;
  elapsedMs: number;
  /** CPU time of this process per put, milliseconds. */
  cpuMsPerCall: number;
  errors: number;
}> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const client = new DynamoDBClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
  });
  try {
    await client.send(
      new CreateTableCommand({
        TableName: 'baseline',
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      }),
    );
    await waitUntilTableExists({ client, maxWaitTime: 30, minDelay: 1 }, { TableName: 'baseline' });
    const put = (index: number) =>
      client.send(
        new PutItemCommand({
          TableName: 'baseline',
          Item: { pk: { S: `item-${index}` }, expiresAt: { N: String(1_900_000_000 + index) } },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    // Warm the connection pool and the JIT before the timed run.
    await runPool(Math.min(200, options.total), options.concurrency, (i) => put(options.total + i));
    const run = await runPool(options.total, options.concurrency, put);
    return {
      throughput: run.throughput,
      elapsedMs: run.elapsedMs,
      cpuMsPerCall: run.cpuMs / options.total,
      errors: run.errors.length,
    };
  } finally {
    client.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
