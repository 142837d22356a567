/** Secondary indexes the adapters query; `cdk/src/tables.ts` declares the same (no SDK here, so CDK can import it). */

/**
 * The queries table's index by owner: `ownerId` then `acceptedAt` (ISO times sort as text), with
 * only what a list shows projected into it, so the sealed number is never copied there.
 */
export const QUERIES_BY_OWNER = {
  indexName: 'byOwner',
  partitionKey: 'ownerId',
  sortKey: 'acceptedAt',
  projected: ['queryId', 'status', 'phoneMasked', 'replyBy', 'completedAt', 'smsSentAt', 'expiresAt'],
} as const;
