declare module 'dynalite' {
  import type { Server } from 'node:http';
  /** dynalite ships no types: an http.Server speaking the DynamoDB JSON protocol. */
  export default function dynalite(options?: {
    createTableMs?: number;
    deleteTableMs?: number;
    path?: string;
  }): Server;
}
