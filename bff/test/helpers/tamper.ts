// Tampering with signed values, for the tests that check they are refused.

/** The same string with the last character's lowest bit flipped (an alphabet neighbour: A↔B, g↔h, 0↔1, -↔_). */
export function flipLastLowBit(text: string, encoding: 'base64' | 'base64url'): string {
  const alphabet = `ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789${encoding === 'base64url' ? '-_' : '+/'}`;
  const body = text.replace(/=+$/, '');
  const pad = text.slice(body.length);
  const i = alphabet.indexOf(body.at(-1)!);
  return `${body.slice(0, -1)}${alphabet[i ^ 1]}${pad}`;
}
