/** The values of integer and string literals and doc comments, with their error messages. */

export type Parsed<T> =
  { readonly value: T; readonly error?: undefined } | { readonly error: string };

const MAX_U64 = (1n << 64n) - 1n;

const RADIXES: Record<string, { name: string; digit: RegExp }> = {
  '0x': { name: 'hexadecimal', digit: /[0-9a-fA-F]/ },
  '0b': { name: 'binary', digit: /[01]/ },
  '0o': { name: 'octal', digit: /[0-7]/ },
};

/** `4096`, `0xffff_ffff`, `0b1010`, `0o17`: `_` only between digits. */
export function parseInteger(text: string): Parsed<bigint> {
  // Most literals are short decimals (bit positions, widths, sizes): one test says they are
  // well formed, and 19 digits always fit in 64 bits.
  if (/^(?:0|[1-9][0-9]{0,18})$/.test(text)) return { value: BigInt(text) };
  const prefix = text.slice(0, 2);
  const radix = RADIXES[prefix];
  const digits = radix ? text.slice(2) : text;
  const { name, digit } = radix ?? { name: 'decimal', digit: /[0-9]/ };
  if (digits === '') return { error: `missing digits after '${prefix}'` };
  if (/^_|_$|__/.test(digits)) {
    return { error: `'_' must separate digits in integer literal '${text}'` };
  }
  const bad = [...digits].find((c) => c !== '_' && !digit.test(c));
  if (bad !== undefined) return { error: `invalid digit '${bad}' in ${name} literal '${text}'` };
  // C reads `017` as octal: refuse the ambiguity rather than silently mean 17.
  if (!radix && digits.length > 1 && digits.startsWith('0')) {
    return { error: `leading zero in decimal literal '${text}'; octal literals start with 0o` };
  }
  const value = BigInt((radix ? prefix : '') + digits.replaceAll('_', ''));
  if (value > MAX_U64) return { error: 'integer literal does not fit in 64 bits' };
  return { value };
}

/** The contents of `"..."`, where only `\"` and `\\` are escapes. */
export function parseString(image: string): Parsed<string> {
  if (!/^"(?:[^"\\]|\\.)*"$/.test(image)) return { error: 'unterminated string' };
  let value = '';
  for (let i = 1; i < image.length - 1; i++) {
    if (image[i] === '\\') {
      i++;
      if (image[i] !== '"' && image[i] !== '\\') {
        return {
          error: `unknown escape '\\${image[i]}' in string (only \\" and \\\\ are allowed)`,
        };
      }
    }
    value += image[i];
  }
  return { value };
}

/** `/// text` is a doc line; `//` and `////…` are plain comments. */
export function docLine(comment: string): string | null {
  if (!comment.startsWith('///') || comment.startsWith('////')) return null;
  return comment.slice(comment.startsWith('/// ') ? 4 : 3);
}
