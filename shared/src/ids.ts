/**
 * The form of every id the service issues (query ids, lookup ids): a version-4 UUID in lower case,
 * as RFC 9562 §5.4 lays it out and Node's `crypto.randomUUID()` draws it from the CSPRNG.
 */
const ISSUED_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/**
 * Whether a value from outside (a path segment, a body field) can be an id this service issued.
 * Checked before any storage call: anything else is answered as not found, never looked up.
 *
 * @example isIssuedId('3f2b8c1e-9a4d-4c2b-8e1f-0a9b8c7d6e5f') // true
 * @example isIssuedId('3F2B8C1E-9A4D-4C2B-8E1F-0A9B8C7D6E5F') // false: the service issues lower case
 */
export function isIssuedId(value: unknown): value is string {
  return typeof value === 'string' && ISSUED_ID.test(value);
}
