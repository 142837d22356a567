/** Randomness from a CSPRNG. */
export interface Random {
  /** Six decimal digits, uniformly drawn. */
  code(): string;
  /** An opaque identifier (query ids, lookup ids, message keys). */
  id(): string;
}
