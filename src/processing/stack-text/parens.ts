/**
 * Matching parentheses in frame lines, where names and locations can both contain them
 * (`Object.<anonymous> (C:\Program Files (x86)\app.js:1:2)`). Single linear scans.
 */

/** Index of the `(` that balances the `)` ending `s`, or -1. */
export function openingParen(s: string): number {
  if (!s.endsWith(')')) return -1;
  let depth = 0;
  for (let i = s.length - 1; i >= 0; i--) {
    const c = s[i];
    if (c === ')') depth++;
    else if (c === '(' && --depth === 0) return i;
  }
  return -1;
}

/** Index of the `)` that balances the `(` at `open`, or -1. */
export function closingParen(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    const c = s[i];
    if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return -1;
}
