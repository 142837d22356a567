/**
 * Runs `total` calls of `task` with at most `concurrency` in flight and returns the wall time
 * and the per-call outcomes. A call that throws counts as an error, not as a crash of the run.
 */
export async function runPool<T>(
  total: number,
  concurrency: number,
  task: (index: number) => Promise<T>,
): Promise<{ elapsedMs: number; results: T[]; errors: unknown[]; throughput: number }> {
  const results: T[] = [];
  const errors: unknown[] = [];
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < total) {
      const index = next++;
      try {
        results.push(await task(index));
      } catch (error) {
        errors.push(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
  const elapsedMs = performance.now() - started;
  return { elapsedMs, results, errors, throughput: (total / elapsedMs) * 1000 };
}
