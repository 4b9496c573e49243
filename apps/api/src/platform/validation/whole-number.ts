const DIGITS = /^(0|[1-9]\d*)$/;

/**
 * A whole number written in plain decimal, or `undefined`: no sign, no leading zero, no exponent, and no more than
 * 2^53 − 1, the largest a JSON number carries exactly (a larger one would be read as its neighbour).
 */
export function parseWholeNumber(text: string): number | undefined {
  if (!DIGITS.test(text)) return undefined;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : undefined;
}
