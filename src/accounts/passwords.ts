/**
 * Initial passwords, only when asked (`--passwords`): drawn with node:crypto's CSPRNG
 * (`randomInt`, uniform, no modulo bias) from letters and digits without look-alikes (0/O, 1/l/I),
 * so they can be read out or printed for a class. Never written into the platform files: they go
 * to their own 0600 file, which the school hands out and then deletes.
 */
import { randomInt } from 'node:crypto';

const ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export function generatePassword(length = 12): string {
  let out = '';
  // At least one lower-case letter, one upper-case letter and one digit: platforms' default policies ask for it.
  for (;;) {
    out = '';
    for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
    if (/[a-z]/u.test(out) && /[A-Z]/u.test(out) && /\d/u.test(out)) return out;
  }
}
