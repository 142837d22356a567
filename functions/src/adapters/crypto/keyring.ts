import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';
import type { Hasher, Keyring, PhoneSealer } from '../../ports/keyring.ts';

/** A 32-byte key from a secret string: 64 hex characters are taken as they are, anything else is hashed. */
export function keyBytes(secret: string): Buffer {
  if (/^[0-9a-f]{64}$/i.test(secret)) return Buffer.from(secret, 'hex');
  return createHash('sha256').update(secret, 'utf8').digest();
}

/** HMAC-SHA-256 with the pepper, for look-ups and comparisons. */
export function createHasher(pepperSecret: string): Hasher {
  const pepper = keyBytes(pepperSecret);
  const mac = (...parts: string[]) =>
    createHmac('sha256', pepper).update(parts.join('\u0000'), 'utf8').digest('hex');
  return {
    hashPhone: (phone) => mac('phone', phone),
    hashCode: (phoneHash, code) => mac('code', phoneHash, code),
    hashSubmission: ({ userId, phone, code }) => mac('submission', userId, phone, code),
    hashSubject: (platform, userId) => mac('subject', platform, userId).slice(0, 32),
    sameHash(a, b) {
      const left = Buffer.from(a, 'utf8');
      const right = Buffer.from(b, 'utf8');
      return left.length === right.length && timingSafeEqual(left, right);
    },
  };
}

/** AES-256-GCM with the phone key: `v1.<iv>.<tag>.<ciphertext>`, base64url parts. */
export function createPhoneSealer(phoneKeySecret: string): PhoneSealer {
  const phoneKey = keyBytes(phoneKeySecret);
  return {
    encryptPhone(phone) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', phoneKey, iv);
      const sealed = Buffer.concat([cipher.update(phone, 'utf8'), cipher.final()]);
      return [
        'v1',
        iv.toString('base64url'),
        cipher.getAuthTag().toString('base64url'),
        sealed.toString('base64url'),
      ].join('.');
    },
    decryptPhone(sealed) {
      const [version, iv, tag, body] = sealed.split('.');
      if (version !== 'v1' || !iv || !tag || !body) throw new Error('unknown sealed number format');
      const decipher = createDecipheriv('aes-256-gcm', phoneKey, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
        'utf8',
      );
    },
  };
}

/** Both halves from both secrets. */
export function createKeyring(secrets: { pepper: string; phoneKey: string }): Keyring {
  return { ...createHasher(secrets.pepper), ...createPhoneSealer(secrets.phoneKey) };
}
