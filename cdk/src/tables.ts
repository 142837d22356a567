import { QUERIES_BY_OWNER } from '@occ/functions/adapters/dynamodb/indexes.ts';
import type { TableName } from '@occ/functions/catalogue.ts';

/**
 * The service's DynamoDB tables as plain data: the CDK stateful stack builds them from this list and
 * the local embedded default creates the same tables in dynalite. Every item carries `expiresAt`
 * (epoch seconds) as its TTL attribute; reads ignore expired items too, because TTL deletion is late
 * on AWS and absent in dynalite. All writes are single-item and conditional (no transactions).
 */
export type KeyType = 'S' | 'N';

export interface KeySpec {
  name: string;
  type: KeyType;
}

export interface IndexSpec {
  indexName: string;
  partitionKey: KeySpec;
  sortKey?: KeySpec;
  /** The attributes besides the keys that the index holds (DynamoDB `INCLUDE` projection). */
  nonKeyAttributes: readonly string[];
}

export interface TableSpec {
  /** Short logical name; stacks derive the physical name from it and the stage. */
  logicalName: TableName;
  partitionKey: KeySpec;
  sortKey?: KeySpec;
  ttlAttribute: 'expiresAt';
  globalSecondaryIndexes: IndexSpec[];
  /** What the items hold, for reviewers; no item ever holds a full number, an ID suffix or a code. */
  description: string;
}

export type { TableName };

export const TABLES: readonly TableSpec[] = [
  {
    logicalName: 'codes',
    partitionKey: { name: 'phoneHash', type: 'S' },
    ttlAttribute: 'expiresAt',
    globalSecondaryIndexes: [],
    description:
      'One item per number hash: when its last 10 codes were sent (the per-number limits), its live code (keyed hash, wrong tries, once used the query it opened) and its 24-hour query cooldown.',
  },
  {
    logicalName: 'counters',
    partitionKey: { name: 'counterKey', type: 'S' },
    ttlAttribute: 'expiresAt',
    globalSecondaryIndexes: [],
    description:
      'Per session: when its last 10 codes were sent; the global daily cap on codes and each company’s calls per second, each spread over several items.',
  },
  {
    logicalName: 'queries',
    partitionKey: { name: 'queryId', type: 'S' },
    ttlAttribute: 'expiresAt',
    // GET /v1/queries: one user's queries, newest first; the sealed number is not projected.
    globalSecondaryIndexes: [
      {
        indexName: QUERIES_BY_OWNER.indexName,
        partitionKey: { name: QUERIES_BY_OWNER.partitionKey, type: 'S' },
        sortKey: { name: QUERIES_BY_OWNER.sortKey, type: 'S' },
        nonKeyAttributes: QUERIES_BY_OWNER.projected,
      },
    ],
    description:
      'A query: masked and hashed number, the number encrypted until the reply is sent, status, reply state.',
  },
  {
    logicalName: 'lookups',
    partitionKey: { name: 'lookupId', type: 'S' },
    ttlAttribute: 'expiresAt',
    globalSecondaryIndexes: [],
    description: "One company's part of a query: status and count, written by the call or by the callback.",
  },
];

/** The spec of one table by its logical name. */
export function tableSpec(name: TableName): TableSpec {
  const spec = TABLES.find((table) => table.logicalName === name);
  if (!spec) throw new Error(`unknown table ${name}`);
  return spec;
}
