import { describe, expect, it } from 'vitest';
import { createHasher } from '../src/adapters/crypto/keyring.ts';
import { createTokenSigner } from '../src/adapters/crypto/token-signer.ts';
import { simulatedLogin } from '../src/adapters/login/simulated-login.ts';
import { createSession } from '../src/use-cases/create-session.ts';
import { listQueries } from '../src/use-cases/list-queries.ts';
import { FakeClock, MemoryQueries, sequenceRandom } from './fakes.ts';

const DEVICE = 'dEvIcE_secret-0123456789abcdefghijklmnop';

function world() {
  const clock = new FakeClock();
  const tokens = createTokenSigner('token-key');
  const deps = {
    login: simulatedLogin,
    tokens,
    hasher: createHasher('pepper'),
    random: sequenceRandom(),
    clock,
  };
  const userOf = async (input: Parameters<typeof createSession>[1]) => {
    const { token } = await createSession(deps, input);
    const claims = await tokens.verify(token, clock.now());
    if (!claims) throw new Error('token does not verify');
    return claims.userId;
  };
  return { clock, userOf };
}

describe('createSession', () => {
  it('makes every session of one h5 device, or of one WeChat or Alipay user, the same user', async () => {
    const { userOf } = world();
    expect(await userOf({ platform: 'h5', device: DEVICE })).toBe(
      await userOf({ platform: 'h5', device: DEVICE }),
    );
    expect(await userOf({ platform: 'weapp', code: 'u1' })).toBe(
      await userOf({ platform: 'weapp', code: 'u1' }),
    );
    expect(await userOf({ platform: 'alipay', code: 'u1' })).toBe(
      await userOf({ platform: 'alipay', code: 'u1' }),
    );
  });

  it('keeps users apart: other devices, other platform users, the same id on another platform, no device', async () => {
    const { userOf } = world();
    const users = [
      await userOf({ platform: 'h5', device: DEVICE }),
      await userOf({ platform: 'h5', device: `${DEVICE}x` }),
      await userOf({ platform: 'weapp', code: 'u1' }),
      await userOf({ platform: 'weapp', code: 'u2' }),
      await userOf({ platform: 'alipay', code: 'u1' }),
      await userOf({ platform: 'h5' }),
      await userOf({ platform: 'h5' }),
    ];
    expect(new Set(users).size).toBe(users.length);
    for (const user of users) expect(user).toMatch(/^[0-9a-f]{32}$/);
  });

  it('puts neither the device secret nor the platform user id in the token', async () => {
    const { clock } = world();
    const deps = {
      login: simulatedLogin,
      tokens: createTokenSigner('token-key'),
      hasher: createHasher('pepper'),
      random: sequenceRandom(),
      clock,
    };
    const h5 = await createSession(deps, { platform: 'h5', device: DEVICE });
    const weapp = await createSession(deps, { platform: 'weapp', code: 'openid-like' });
    const decoded = [h5.token, weapp.token]
      .map((token) =>
        token
          .split('.')
          .slice(0, 2)
          .map((part) => Buffer.from(part, 'base64url').toString()),
      )
      .join(' ');
    expect(decoded).not.toContain(DEVICE);
    expect(decoded).not.toContain('openid-like');
    expect(decoded).not.toContain('weapp-user');
  });
});

describe('listQueries', () => {
  it("lists the user's queries of the last 30 days, newest first, at most 20", async () => {
    const clock = new FakeClock();
    const queries = new MemoryQueries();
    const day = 86_400_000;
    for (let age = 0; age <= 35; age++) {
      await queries.create({
        queryId: `q${age}`,
        ownerId: age === 3 ? 'someone-else' : 'me',
        phoneHash: 'h',
        phoneMasked: '138****8000',
        phoneEncrypted: 'sealed',
        status: 'COMPLETED',
        acceptedAt: new Date(clock.ms - age * day).toISOString(),
        replyBy: new Date(clock.ms - age * day + 2 * day).toISOString(),
        companies: [],
        expiresAt: Math.floor(clock.ms / 1000) + 86_400,
      });
    }
    const { queries: listed } = await listQueries({ queries, clock }, { userId: 'me' });
    expect(listed.map((item) => item.queryId)).toEqual(
      [0, 1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20].map((age) => `q${age}`),
    );
    expect(Object.keys(listed[0] ?? {})).not.toContain('phoneEncrypted');
  });
});
