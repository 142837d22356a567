import { availableParallelism, cpus, totalmem } from 'node:os';

/** The machine the figures came from. */
export function describeMachine(): {
  nproc: number;
  cpu: string;
  memoryGiB: number;
  node: string;
  platform: string;
  date: string;
} {
  return {
    nproc: availableParallelism(),
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    date: new Date().toISOString(),
  };
}
