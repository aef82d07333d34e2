import { ValidationError } from '../../lib/errors.js';
import type { Comparison, IssueFilter, IssueSearch, SearchTime } from '../../storage/issue-query.js';

/**
 * Sentry's issue search syntax (docs.sentry.io/concepts/search/) → an IssueSearch. Supported:
 * `is:`, `level:`, `release:`, `environment:`, `user.id:`, `user.email:`, any `<tag>:<value>`
 * (quoted `key:"a b"`, lists `key:[a, b]`, `tags[odd key]:v`), `!key:value`, `has:`/`!has:`,
 * `age:` / `firstSeen:` / `lastSeen:` (`-24h`, `+7d`, `>2024-05-01`), `firstRelease:`,
 * `times_seen:>10`, and free text (a substring of the title or culprit, case-insensitive).
 * The road not taken: Sentry's `AND`/`OR` and parentheses — its issue search rejects most of them too.
 */
export function parseSearch(query: string): IssueSearch {
  const filters: IssueFilter[] = [];
  const text: string[] = [];
  for (const token of tokenize(query)) {
    if (token.kind === 'text') text.push(token.value);
    else if (TEXT_KEYS.has(token.key) && !token.negated) text.push(single(token));
    else filters.push(toFilter(token));
  }
  const joined = text.join(' ').trim();
  return joined ? { filters, text: joined } : { filters };
}

interface TextToken {
  kind: 'text';
  value: string;
}
interface FilterToken {
  kind: 'filter';
  key: string;
  negated: boolean;
  values: string[];
  /** The value was written as a list `[a, b]`. */
  isList: boolean;
}
type Token = TextToken | FilterToken;

function fail(message: string): never {
  throw new ValidationError(`invalid search query: ${message}`, [message]);
}

const KEY = /^(?:tags\[([^\]]+)\]|([A-Za-z0-9_][A-Za-z0-9_.-]*)):/;

function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = query.length;
  const readQuoted = (): string => {
    // query[i] is the opening quote.
    const start = i;
    let out = '';
    i++;
    while (i < n && query[i] !== '"') {
      if (query[i] === '\\' && i + 1 < n) i++;
      out += query[i];
      i++;
    }
    if (i >= n) fail(`unterminated quote starting at position ${start + 1}`);
    i++;
    return out;
  };
  const readBare = (stop: RegExp): string => {
    const start = i;
    while (i < n && !stop.test(query[i]!)) i++;
    return query.slice(start, i);
  };

  while (i < n) {
    if (/\s/.test(query[i]!)) {
      i++;
      continue;
    }
    const negated = query[i] === '!';
    const m = KEY.exec(query.slice(negated ? i + 1 : i));
    if (!m) {
      if (query[i] === '"') tokens.push({ kind: 'text', value: readQuoted() });
      else tokens.push({ kind: 'text', value: readBare(/\s/) });
      continue;
    }
    const key = m[1] ?? m[2]!;
    i += (negated ? 1 : 0) + m[0].length;
    if (i >= n || /\s/.test(query[i]!)) fail(`"${key}:" needs a value`);
    if (query[i] === '"') {
      tokens.push({ kind: 'filter', key, negated, values: [readQuoted()], isList: false });
    } else if (query[i] === '[') {
      i++;
      const values: string[] = [];
      for (;;) {
        while (i < n && /\s/.test(query[i]!)) i++;
        if (i >= n) fail(`unterminated list in "${key}:["`);
        const v = query[i] === '"' ? readQuoted() : readBare(/[\s,\]]/).trim();
        while (i < n && /\s/.test(query[i]!)) i++;
        if (v === '') fail(`empty value in the list of "${key}:"`);
        values.push(v);
        if (query[i] === ',') {
          i++;
          continue;
        }
        if (query[i] === ']') {
          i++;
          break;
        }
        fail(`expected "," or "]" in the list of "${key}:"`);
      }
      tokens.push({ kind: 'filter', key, negated, values, isList: true });
    } else {
      tokens.push({ kind: 'filter', key, negated, values: [readBare(/\s/)], isList: false });
    }
  }
  return tokens;
}

// `message:` and `title:` search the same text as free text does.
const TEXT_KEYS = new Set(['message', 'title']);

const LEVELS = ['fatal', 'error', 'warning', 'info', 'debug'];

const IS_VALUES: Record<string, (negated: boolean) => IssueFilter> = {
  unresolved: (negated) => ({ kind: 'status', status: 'unresolved', negated }),
  resolved: (negated) => ({ kind: 'status', status: 'resolved', negated }),
  ignored: (negated) => ({ kind: 'status', status: 'ignored', negated }),
  archived: (negated) => ({ kind: 'status', status: 'ignored', negated }),
  muted: (negated) => ({ kind: 'status', status: 'ignored', negated }),
  assigned: (negated) => ({ kind: 'assigned', assigned: !negated }),
  unassigned: (negated) => ({ kind: 'assigned', assigned: negated }),
  bookmarked: (negated) => ({ kind: 'bookmarked', negated }),
  regressed: (negated) => ({ kind: 'substatus', substatus: 'regressed', negated }),
  new: (negated) => ({ kind: 'substatus', substatus: 'new', negated }),
  ongoing: (negated) => ({ kind: 'substatus', substatus: 'ongoing', negated }),
  escalating: (negated) => ({ kind: 'substatus', substatus: 'escalating', negated }),
};

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

function single(t: FilterToken): string {
  if (t.isList) fail(`"${t.key}:" takes one value, not a list`);
  return t.values[0]!;
}

/** `-24h` (within the last 24 hours), `+7d` (longer ago than 7 days), or `>`/`<` an ISO date. */
function parseTimeFilter(field: 'firstSeen' | 'lastSeen', t: FilterToken): IssueFilter {
  const v = single(t);
  const rel = /^([+-])(\d+)([smhdw])$/.exec(v);
  if (rel) {
    const ago = Number(rel[2]) * UNITS[rel[3]!]!;
    const within = rel[1] === '-';
    return { kind: 'seen', field, op: within !== t.negated ? '>=' : '<', time: { ago } };
  }
  const abs = /^(>=|<=|>|<|=)?(\d{4}-\d{2}-\d{2}(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?)$/.exec(v);
  if (abs) {
    const stamp = abs[2]!.length === 10 ? `${abs[2]}T00:00:00Z` : abs[2]!.replace(' ', 'T');
    const ms = Date.parse(/(Z|[+-]\d{2}:?\d{2})$/.test(stamp) ? stamp : `${stamp}Z`);
    if (Number.isNaN(ms)) fail(`"${t.key}:${v}" is not a valid date`);
    const op = (abs[1] ?? '>=') as Comparison;
    const time: SearchTime = { at: ms / 1000 };
    return { kind: 'seen', field, op: t.negated ? negate(op) : op, time };
  }
  return fail(`"${t.key}:" expects a relative time like -24h or +7d, or a date like >2024-05-01`);
}

function negate(op: Comparison): Comparison {
  const opposite: Record<Comparison, Comparison> = { '>': '<=', '>=': '<', '<': '>=', '<=': '>', '=': '=' };
  if (op === '=') fail('"=" comparisons cannot be negated');
  return opposite[op];
}

function parseCount(t: FilterToken): IssueFilter {
  const v = single(t);
  const m = /^(>=|<=|>|<|=)?(\d+)$/.exec(v);
  if (!m) fail(`"${t.key}:" expects a number, optionally after >, >=, < or <= (got "${v}")`);
  const op = (m[1] ?? '=') as Comparison;
  return { kind: 'timesSeen', op: t.negated ? negate(op) : op, value: Number(m[2]) };
}

function toFilter(t: FilterToken): IssueFilter {
  const key = t.key;
  switch (key) {
    case 'is': {
      const v = single(t).toLowerCase();
      const make = IS_VALUES[v];
      if (!make) fail(`unknown value "is:${v}"; use one of ${Object.keys(IS_VALUES).join(', ')}`);
      return make(t.negated);
    }
    case 'level': {
      const values = t.values.map((v) => v.toLowerCase());
      for (const v of values)
        if (!LEVELS.includes(v)) fail(`unknown level "${v}"; use one of ${LEVELS.join(', ')}`);
      return { kind: 'level', values, negated: t.negated };
    }
    case 'message':
    case 'title':
      return fail(`"!${key}:" is not supported: free text cannot be negated`);
    case 'has':
      return { kind: 'has', key: single(t), negated: t.negated };
    case 'age':
    case 'firstSeen':
    case 'first_seen':
      return parseTimeFilter('firstSeen', t);
    case 'lastSeen':
    case 'last_seen':
      return parseTimeFilter('lastSeen', t);
    case 'firstRelease':
    case 'first_release':
      return { kind: 'firstRelease', values: t.values, negated: t.negated };
    case 'times_seen':
    case 'timesSeen':
      return parseCount(t);
    // Sentry's `user` tag is the user's key: `id:…`, else `email:…`, `username:…`, `ip:…`.
    case 'user.id':
      return { kind: 'tag', key: 'user', values: t.values.map((v) => `id:${v}`), negated: t.negated };
    case 'user.username':
      return { kind: 'tag', key: 'user', values: t.values.map((v) => `username:${v}`), negated: t.negated };
    case 'user.ip':
      return { kind: 'tag', key: 'user', values: t.values.map((v) => `ip:${v}`), negated: t.negated };
    case 'user.email':
      return { kind: 'tag', key: 'user.email', values: t.values, negated: t.negated };
    default:
      return { kind: 'tag', key, values: t.values, negated: t.negated };
  }
}
