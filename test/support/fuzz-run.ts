import fc from 'fast-check';
import { contractViolation, describeRequest } from './contract.ts';
import { type CallbackSigner, hostileRequest } from './fuzz.ts';
import { type RawRequest, type RawResponse, send } from './http.ts';

export interface FuzzReport {
  requests: number;
  elapsedMs: number;
  byStatus: Record<number, number>;
  violations: string[];
}

/**
 * Sends `batches × batchSize` generated hostile requests, `batchSize` at a time in parallel, and
 * checks each response against the contract. Used by the system test (through fc.assert, which
 * also shrinks a failure) and by the bench (more requests, counted).
 */
export async function fuzzService(options: {
  baseUrl: string;
  tokens: readonly string[];
  batches: number;
  batchSize: number;
  seed?: number;
  signer?: CallbackSigner;
  /** Ids the service issued (query and lookup ids), from which look-alikes are made. */
  ids?: readonly string[];
  /** Sees every exchange (for privacy scans of error bodies). */
  onResponse?: (req: RawRequest, res: RawResponse) => void;
}): Promise<FuzzReport> {
  const report: FuzzReport = { requests: 0, elapsedMs: 0, byStatus: {}, violations: [] };
  const started = performance.now();
  await fc.assert(
    fc.asyncProperty(
      fc.array(hostileRequest(options.tokens, options.signer, options.ids), {
        minLength: options.batchSize,
        maxLength: options.batchSize,
      }),
      async (batch) => {
        const responses = await Promise.all(batch.map((req) => send(options.baseUrl, req)));
        report.requests += batch.length;
        let firstViolation: string | undefined;
        responses.forEach((res, i) => {
          report.byStatus[res.status] = (report.byStatus[res.status] ?? 0) + 1;
          const req = batch[i];
          if (!req) return;
          options.onResponse?.(req, res);
          const violation = contractViolation(req, res);
          if (violation && !firstViolation) {
            firstViolation = `${violation} ← ${describeRequest(req)}`;
            report.violations.push(firstViolation);
          }
        });
        if (firstViolation) throw new Error(firstViolation);
      },
    ),
    {
      numRuns: options.batches,
      ...(options.seed === undefined ? {} : { seed: options.seed }),
      endOnFailure: false,
    },
  );
  report.elapsedMs = performance.now() - started;
  return report;
}
