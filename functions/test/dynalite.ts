import type { Server } from 'node:http';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import dynalite from 'dynalite';
import { listenOnLoopback } from './loopback.ts';

/** An in-process dynalite on a free loopback port and a document client configured as the handlers' is. */
export interface LocalDynamo {
  db: DynamoDBDocumentClient;
  /** Creates a table with a string partition key (and sort key) under a name no other caller of this function gets. */
  table(key: string, sortKey?: string): Promise<string>;
  close(): Promise<void>;
}

let tables = 0;

export async function startDynalite(): Promise<LocalDynamo> {
  const server: Server = dynalite({ createTableMs: 0 });
  const endpoint = await listenOnLoopback(server);
  const client = new DynamoDBClient({
    region: 'us-east-1',
    endpoint,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  const db = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  return {
    db,
    async table(key, sortKey) {
      const name = `table-${++tables}`;
      const keys = sortKey ? [key, sortKey] : [key];
      await client.send(
        new CreateTableCommand({
          TableName: name,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: keys.map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
          KeySchema: keys.map((AttributeName, index) => ({
            AttributeName,
            KeyType: index === 0 ? 'HASH' : 'RANGE',
          })),
        }),
      );
      return name;
    },
    async close() {
      db.destroy();
      await new Promise((resolve) => {
        server.close(resolve);
        server.closeAllConnections();
      });
    },
  };
}
