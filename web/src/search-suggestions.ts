/**
 * Suggestions for Sentry's issue search syntax (what src/api/issues/parse-search.ts accepts): keys
 * while a word is typed, values once a `key:` is there. Pure functions; the search bar feeds them the
 * tag keys and values the API knows.
 */

export interface Suggestion {
  /** What the list shows. */
  label: string;
  /** What replaces the token being typed. */
  insert: string;
  description?: string;
  kind: 'key' | 'value';
}

export interface Token {
  start: number;
  end: number;
  text: string;
  /** `level` of `level:err`, or undefined while no colon is typed. */
  key?: string;
  /** `err` of `level:err`. */
  value?: string;
  negated: boolean;
}

/** The search keys Faultline understands, with what each does. */
export const BUILTIN_KEYS: { key: string; description: string }[] = [
  { key: 'is', description: 'status: unresolved, resolved, ignored, assigned…' },
  { key: 'level', description: 'fatal, error, warning, info, debug' },
  { key: 'release', description: 'a release version' },
  { key: 'environment', description: 'production, staging…' },
  { key: 'has', description: 'issues with a tag set' },
  { key: 'lastSeen', description: 'relative time, e.g. -24h' },
  { key: 'firstSeen', description: 'relative time, e.g. -7d' },
  { key: 'firstRelease', description: 'the release an issue first appeared in' },
  { key: 'times_seen', description: 'event count, e.g. >100' },
  { key: 'user.id', description: 'an affected user id' },
  { key: 'user.email', description: 'an affected user email' },
];

export const FIXED_VALUES: Record<string, { value: string; description?: string }[]> = {
  is: [
    { value: 'unresolved', description: 'not resolved or ignored' },
    { value: 'resolved' },
    { value: 'ignored' },
    { value: 'assigned' },
    { value: 'unassigned' },
    { value: 'bookmarked' },
    { value: 'new', description: 'first seen in the last 7 days' },
    { value: 'regressed', description: 'came back after being resolved' },
    { value: 'ongoing' },
  ],
  level: [
    { value: 'fatal' },
    { value: 'error' },
    { value: 'warning' },
    { value: 'info' },
    { value: 'debug' },
  ],
  lastSeen: [{ value: '-1h' }, { value: '-24h' }, { value: '-7d' }, { value: '-14d' }, { value: '-30d' }],
  firstSeen: [{ value: '-1h' }, { value: '-24h' }, { value: '-7d' }, { value: '-14d' }, { value: '-30d' }],
  times_seen: [{ value: '>10' }, { value: '>100' }, { value: '>1000' }],
};

/** The whitespace-delimited word around `caret` (quotes keep spaces inside a value). */
export function tokenAt(text: string, caret: number): Token {
  let start = 0;
  let inQuote = false;
  for (let i = 0; i < caret; i++) {
    const c = text[i];
    if (c === '"') inQuote = !inQuote;
    else if (!inQuote && /\s/.test(c ?? '')) start = i + 1;
  }
  let end = caret;
  while (end < text.length && (inQuote || !/\s/.test(text[end] ?? ''))) {
    if (text[end] === '"') inQuote = !inQuote;
    end++;
  }
  const raw = text.slice(start, end);
  const negated = raw.startsWith('!');
  const body = negated ? raw.slice(1) : raw;
  const colon = body.indexOf(':');
  if (colon === -1) return { start, end, text: raw, negated };
  return {
    start,
    end,
    text: raw,
    key: body.slice(0, colon),
    value: body.slice(colon + 1).replace(/^"|"$/g, ''),
    negated,
  };
}

/** A value as the syntax wants it: quoted when it holds spaces or quotes. */
export function quoteValue(v: string): string {
  return /[\s"]/.test(v) || v === '' ? `"${v.replace(/"/g, '\\"')}"` : v;
}

/** Suggestions for the token being typed; `values(key)` gives known values of a key (may be empty). */
export function suggest(
  token: Token,
  tagKeys: string[],
  values: (key: string) => string[],
  limit = 8,
): Suggestion[] {
  const bang = token.negated ? '!' : '';
  if (token.key === undefined) {
    const prefix = token.text.replace(/^!/, '').toLowerCase();
    const keys = [
      ...BUILTIN_KEYS,
      ...tagKeys
        .filter((k) => !BUILTIN_KEYS.some((b) => b.key === k) && k !== 'user')
        .map((k) => ({ key: k, description: 'tag' })),
    ];
    return keys
      .filter((k) => k.key.toLowerCase().startsWith(prefix))
      .slice(0, limit)
      .map((k) => ({
        label: `${k.key}:`,
        insert: `${bang}${k.key}:`,
        description: k.description,
        kind: 'key',
      }));
  }
  const key = token.key;
  const typed = (token.value ?? '').toLowerCase();
  const fixed = FIXED_VALUES[key];
  const options = fixed
    ? fixed
    : (key === 'has' ? tagKeys : values(key)).map((v) => ({
        value: v,
        description: undefined as string | undefined,
      }));
  const starts = (v: string) => (v.toLowerCase().startsWith(typed) ? 0 : 1);
  return options
    .filter((o) => o.value.toLowerCase().includes(typed) && o.value.toLowerCase() !== typed)
    .sort((a, b) => starts(a.value) - starts(b.value))
    .slice(0, limit)
    .map((o) => ({
      label: o.value,
      insert: `${bang}${key}:${quoteValue(o.value)}`,
      kind: 'value',
      ...(o.description ? { description: o.description } : {}),
    }));
}

/** The text with the token replaced by `insert` (and a space after a finished value). */
export function applySuggestion(text: string, token: Token, s: Suggestion): { text: string; caret: number } {
  const after = text.slice(token.end);
  const insert = s.kind === 'value' && !after.startsWith(' ') ? `${s.insert} ` : s.insert;
  return { text: text.slice(0, token.start) + insert + after, caret: token.start + insert.length };
}
