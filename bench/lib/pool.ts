/**
 * Runs `total` calls of `task` with at most `concurrency` in flight and returns the wall time, the
 * CPU time this process spent meanwhile (user and system, so other processes on a shared machine
 * do not count) and the per-call outcomes. A call that throws counts as an error, not as a crash
 * of the run.
 */
export async function runPool<T>(
  total: number,
  concurrency: number,
  task: (index: number) => Promise<T>,
): Promise<{ elapsedMs: number; cpuMs: number; results: T[]; errors: unknown[]; throughput: number }> {
  const results: T[] = [];
  const errors: unknown[] = [];
  let next = 0;
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
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
  const cpu = process.cpuUsage(cpuBefore);
  return {
    elapsedMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    results,
    errors,
    throughput: (total / elapsedMs) * 1000,
  };
}
