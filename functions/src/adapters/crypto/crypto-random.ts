import { randomInt, randomUUID } from 'node:crypto';
import type { Random } from '../../ports/random.ts';

/** Node's CSPRNG. */
export const cryptoRandom: Random = {
  code: () => randomInt(0, 1_000_000).toString().padStart(6, '0'),
  id: () => randomUUID(),
};
