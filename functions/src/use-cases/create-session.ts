import { type Platform, SESSION_TTL_SECONDS, type SessionResponse } from '@occ/shared';
import { type Clock, epochSeconds } from '../ports/clock.ts';
import type { Hasher } from '../ports/keyring.ts';
import type { PlatformLogin } from '../ports/platform-login.ts';
import type { Random } from '../ports/random.ts';
import type { TokenSigner } from '../ports/tokens.ts';

/**
 * Opens a session. weapp/alipay exchange the login code for the platform user and key the session
 * on a pseudonym of that user (so limits survive a new login); h5 sessions are anonymous.
 * Returns a signed token that lives {@link SESSION_TTL_SECONDS} of the service clock.
 */
export async function createSession(
  deps: { login: PlatformLogin; tokens: TokenSigner; keyring: Hasher; random: Random; clock: Clock },
  input: { platform: Platform; code?: string },
): Promise<SessionResponse> {
  const sessionId =
    input.platform === 'h5'
      ? `h5-${deps.random.id()}`
      : deps.keyring.hashSubject(input.platform, await deps.login.login(input.platform, input.code ?? ''));
  const exp = epochSeconds(deps.clock.now()) + SESSION_TTL_SECONDS;
  return {
    token: deps.tokens.issue({ sessionId, platform: input.platform, exp }),
    expiresAt: new Date(exp * 1000).toISOString(),
  };
}
