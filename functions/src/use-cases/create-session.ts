import { type Platform, SESSION_TTL_SECONDS, type SessionResponse } from '@occ/shared';
import { type Clock, epochSeconds } from '../ports/clock.ts';
import type { Hasher } from '../ports/keyring.ts';
import type { PlatformLogin } from '../ports/platform-login.ts';
import type { Random } from '../ports/random.ts';
import type { TokenSigner } from '../ports/tokens.ts';

/**
 * Opens a session for a user. weapp/alipay exchange the login code for the platform user; h5 names
 * the browser's device secret. The user id is a keyed hash of either (neither is kept, nor put in
 * the token), so every session of one WeChat or Alipay user, or of one browser, is the same user and
 * sees the same queries; an h5 session without a device secret is a user of its own. Returns a
 * signed token that lives {@link SESSION_TTL_SECONDS} of the service clock.
 */
export async function createSession(
  deps: { login: PlatformLogin; tokens: TokenSigner; hasher: Hasher; random: Random; clock: Clock },
  input: { platform: Platform; code?: string; device?: string },
): Promise<SessionResponse> {
  let userId: string;
  if (input.platform !== 'h5') {
    userId = deps.hasher.hashSubject(
      input.platform,
      await deps.login.login(input.platform, input.code ?? ''),
    );
  } else if (input.device !== undefined) {
    userId = deps.hasher.hashSubject('h5', input.device);
  } else {
    // A user of its own: a pseudonym of a fresh random id, in the same form as every user id.
    userId = deps.hasher.hashSubject('h5-session', deps.random.id());
  }
  const now = deps.clock.now();
  const exp = epochSeconds(now) + SESSION_TTL_SECONDS;
  return {
    token: await deps.tokens.issue({ userId, platform: input.platform, exp }, now),
    expiresAt: new Date(exp * 1000).toISOString(),
  };
}
