// dynalite ships no types. One declaration for every workspace that runs it (functions' adapter
// tests, the local embedded default, the miniapp's tests through local, and the root tests and
// benchmarks); each tsconfig includes this file.
declare module 'dynalite' {
  import type { Server } from 'node:http';

  interface DynaliteOptions {
    /** Folder for the LevelDB data; in memory when absent. */
    path?: string;
    createTableMs?: number;
    deleteTableMs?: number;
    updateTableMs?: number;
    [option: string]: unknown;
  }
  /** An http.Server speaking the DynamoDB JSON protocol. */
  export default function dynalite(options?: DynaliteOptions): Server;
}
