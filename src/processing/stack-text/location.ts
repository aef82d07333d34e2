/**
 * Reading "where" parts of frame lines: `path:line:col` tails and line numbers. Done by hand from
 * the right rather than with a regex so that no input can make it backtrack.
 */

/** A line or column number from its digits; undefined unless all digits and of a plausible size. */
export function toLineNumber(digits: string): number | undefined {
  if (digits.length === 0 || digits.length > 9) return undefined;
  for (let i = 0; i < digits.length; i++) {
    const c = digits.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
  }
  return Number(digits);
}

/** A frame's position: the path as printed, and its line and column when given. */
export interface Location {
  path: string;
  lineno?: number;
  colno?: number;
}

/**
 * Splits `path:line:col` or `path:line` into its parts; a location without a numeric tail is all
 * path. Windows drive letters (`C:\app.js:3:7`) survive because only numeric tails are taken.
 */
export function splitLocation(location: string): Location {
  const last = location.lastIndexOf(':');
  if (last <= 0) return { path: location };
  const tail = toLineNumber(location.slice(last + 1));
  if (tail === undefined) return { path: location };
  const head = location.slice(0, last);
  const previous = head.lastIndexOf(':');
  const lineno = previous > 0 ? toLineNumber(head.slice(previous + 1)) : undefined;
  if (lineno === undefined) return { path: head, lineno: tail };
  return { path: head.slice(0, previous), lineno, colno: tail };
}

/** Whether a path is absolute or a URL: `/x`, `C:\x`, `C:/x`, `\\server\x`, `https://…`, `node:fs`. */
export function isAbsolutePath(path: string): boolean {
  return path.startsWith('/') || path.startsWith('\\\\') || /^[A-Za-z][\w+.-]*:/.test(path);
}
