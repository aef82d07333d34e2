/** The two halves of a SpiderMonkey/JavaScriptCore frame line: `fn@location`. */
export interface AtSignLineParts {
  fn?: string;
  location: string;
}

/**
 * Splits `fn@location` at the first `@`: function names never contain one, while locations can
 * (`/node_modules/@scope/pkg/index.js`). An empty function means an anonymous one.
 */
export function splitAtSignLine(line: string): AtSignLineParts | undefined {
  const trimmed = line.trim();
  const at = trimmed.indexOf('@');
  if (at < 0) return undefined;
  const fn = trimmed.slice(0, at);
  const location = trimmed.slice(at + 1);
  return fn === '' ? { location } : { fn, location };
}
