/** Splits a stack text into lines, whatever line endings the client used. */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** How many whitespace characters open a line; a tab and four spaces both count as nesting. */
export function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}
