/**
 * Strict base64 / base64url decoding for signatures and signed tokens. Node's decoder is lenient: it ignores
 * characters outside the alphabet, accepts missing or extra padding, and drops the unused low bits of the last
 * character, so several different strings decode to the same bytes — a token with its last character's low bits
 * changed would still verify. Here only the canonical encoding of the bytes is accepted: decoding and encoding again
 * must give back exactly the input.
 */
export function decodeCanonical(text: string, encoding: 'base64' | 'base64url'): Buffer | null {
  if (text.length === 0) return null;
  const alphabet = encoding === 'base64url' ? /^[A-Za-z0-9_-]+$/ : /^[A-Za-z0-9+/]+={0,2}$/;
  if (!alphabet.test(text)) return null;
  const bytes = Buffer.from(text, encoding);
  return bytes.toString(encoding) === text ? bytes : null;
}
