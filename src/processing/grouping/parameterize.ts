/**
 * Message parameterization: replace the variable parts of a message (ids, numbers, emails, dates…)
 * with placeholders so that "User 123 not found" and "User 456 not found" become one issue.
 *
 * Follows Sentry's `normalize_message_for_grouping` (src/sentry/grouping/parameterization.py and
 * strategies/message.py): keep at most the first 2 non-empty lines, then substitute
 * `<email>`, `<url>`, `<ip>`, `<uuid>`, `<sha1>`, `<md5>`, `<date>`, `<hex>`, `<float>`, `<int>`,
 * `<quoted>` and `<bool>`. Departures, each because it groups better:
 * - quoted values are replaced wherever they stand, not only after `=` (Sentry's `quoted_str`);
 *   an apostrophe inside a word (`can't`) never opens a quote;
 * - numbers glued to a unit (`5000ms`, `30s`, `2nd`) become `<int>ms`, where Sentry's `\b\d+\b` keeps
 *   them (it needs its separate `duration` rule for the first two);
 * - long mixed hex runs without `0x` (commit ids, cache keys) become `<hex>`;
 * - any `scheme://` URL counts (postgres://, redis://…), not only http/ftp/ws;
 * - Sentry's top-100-TLD `hostname` rule is left out: it turns `request.id` or `user.me` into
 *   `<hostname>`, and real host names mostly arrive inside URLs or emails anyway.
 *
 * Every rule is linear-time: an unbounded run may only start where that run starts (a negative
 * lookbehind on its own character class), so V8's backtracking matcher never rescans the same run
 * from each of its positions. The tests feed 1 MB adversarial lines to keep it so.
 */

/** The month and weekday names that the date rules accept (English, as logs print them). */
const MONTH = String.raw`(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]{0,6}\.?`;
const WEEKDAY = String.raw`(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]{0,6}`;
const TIME = String.raw`[0-2]?\d:[0-5]\d(?::[0-5]\d(?:[.,]\d{1,9})?)?(?:\s?[AaPp]\.?[Mm]\.?(?![A-Za-z]))?`;
const ZONE = String.raw`(?:\s?(?:Z|[+-][0-2]\d(?::?[0-5]\d)?|UTC|GMT(?:[+-]\d{1,4}(?::?\d{2})?)?|[ECMP][SD]T)(?![A-Za-z])(?:\s\([A-Za-z ]{1,64}\))?)`;

/**
 * The rules in priority order. All are tried at each position; the leftmost match wins, and at the
 * same position the earlier rule wins (so a date beats the numbers inside it).
 */
const RULES: readonly (readonly [name: string, source: string])[] = [
  // Any scheme://…, up to whitespace or a quote; trailing punctuation is handed back in `placeholderFor`.
  ['url', String.raw`(?<![A-Za-z0-9+.\-])[A-Za-z][A-Za-z0-9+.\-]{1,20}://[^\s"'<>]+`],
  // A practical local part (no `=`, so `user=bob@x.io` keeps its key); the last domain label has a
  // letter, so `react@18.2.0` is a version, not an address.
  [
    'email',
    String.raw`(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]+@(?:[A-Za-z0-9\-]+\.)*[A-Za-z0-9\-]*[A-Za-z][A-Za-z0-9\-]*`,
  ],
  [
    'uuid',
    String.raw`(?<![A-Za-z0-9])[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}(?![A-Za-z0-9])`,
  ],
  [
    'date',
    String.raw`(?<![A-Za-z0-9])(?:` +
      [
        // ISO 8601 / RFC 3339 and SQL/Python-logging datetimes: 2024-01-15, 2024-01-15T10:00:00.123Z,
        // 2024-01-15 10:00:00,123, 2024/01/15.
        String.raw`\d{4}[\-/.][01]\d[\-/.][0-3]\d(?:[T\s][0-2]\d:[0-5]\d(?::[0-5]\d(?:[.,]\d{1,9})?)?${ZONE}?)?`,
        // Compact ISO 8601: 20240115T100000Z.
        String.raw`\d{8}T\d{4,6}(?:\.\d{1,9})?Z?`,
        // Day-first or month-first numeric dates with a 4-digit year: 15.01.2024, 01/15/2024 10:00.
        String.raw`[0-3]?\d[./\-][01]?\d[./\-]\d{4}(?:[\s,T]{1,3}${TIME}${ZONE}?)?`,
        // RFC 1123 / RFC 850 / cookie dates: Mon, 15 Jan 2024 10:00:00 GMT; Monday, 15-Jan-24 …
        String.raw`(?:${WEEKDAY},?\s{1,2})?[0-3]?\d(?:st|nd|rd|th)?[\s\-]${MONTH}[\s\-]\d{2,4}(?:,?\s{1,2}${TIME})?${ZONE}?`,
        // Month first, as JavaScript's Date#toString, ctime and syslog print them:
        // Mon Jan 15 2024 10:00:00 GMT+0100 (CET); Mon Jan 15 10:00:00 2024; Jan 15, 2024; Jan 15 10:00:00.
        String.raw`(?:${WEEKDAY},?\s{1,2})?${MONTH}\s{1,2}[0-3]?\d(?:st|nd|rd|th)?(?:,?\s\d{4}(?:,?\s{1,2}${TIME})?|\s{1,2}${TIME}(?:\s\d{4})?)${ZONE}?`,
        // A time of day on its own needs seconds or am/pm, so `line:col` pairs like 12:34 stay numbers.
        String.raw`[0-2]?\d:[0-5]\d:[0-5]\d(?:[.,]\d{1,9})?(?:\s?[AaPp][Mm](?![A-Za-z]))?${ZONE}?`,
        String.raw`[01]?\d:[0-5]\d\s?[AaPp][Mm](?![A-Za-z])`,
        // Python reprs: datetime.datetime(2024, 1, 15, 10, 0).
        String.raw`datetime\.(?:datetime|date|time)\([^()]{0,120}\)`,
      ].join('|') +
      ')',
  ],
  [
    'ip',
    // IPv6 (with at least one digit, so `a:b:c` and C++'s `std::vector` are left alone, and an
    // optional IPv4 tail or zone) then dotted-quad IPv4.
    String.raw`(?<![A-Za-z0-9:.])(?=[0-9A-Fa-f:]{0,39}\d)(?:[0-9A-Fa-f]{1,4}:|:){2,7}(?:(?:\d{1,3}\.){3}\d{1,3}|[0-9A-Fa-f]{1,4}|:)(?:%[A-Za-z0-9]{1,16})?(?![A-Za-z0-9:])` +
      String.raw`|(?<![0-9.])(?:\d{1,3}\.){3}\d{1,3}(?!\d|\.\d)`,
  ],
  ['hex', String.raw`(?<![A-Za-z0-9])0[xX][0-9A-Fa-f]+`],
  // A standalone run of hex digits with at least one letter a-f; `placeholderFor` decides between
  // <sha1>, <md5>, <hex> and leaving a plain word such as `deadbeef` or `accede` alone.
  ['hexrun', String.raw`(?<![A-Za-z0-9])(?=[0-9]*[A-Fa-f])[0-9A-Fa-f]{7,}(?![A-Za-z0-9])`],
  // A sign only where it cannot be a hyphen or minus between operands (`order-12`, `5-3`).
  [
    'number',
    String.raw`(?:(?<![A-Za-z0-9_.)\]\-])-)?(?<![A-Za-z0-9])\d+(?:\.\d+)?(?:[eE][+\-]?\d+(?![A-Za-z]))?`,
  ],
  // A quote opens only where it cannot be an apostrophe or an escaped quote, and closes only where
  // no word follows, so `can't` and `O'Brien` stay as they are.
  [
    'quoted',
    String.raw`(?<![A-Za-z0-9\\])'(?:[^'\\\n]|\\.)+'(?![A-Za-z0-9])|(?<![A-Za-z0-9\\])"(?:[^"\\\n]|\\.)+"(?![A-Za-z0-9])`,
  ],
  ['bool', String.raw`(?<==\s?)(?:true|false|True|False|TRUE|FALSE)(?![A-Za-z0-9_])`],
];

const RULE_NAMES = RULES.map(([name]) => name);
// Numbered, not named, groups: V8 builds a `groups` object per match otherwise, which made
// match-dense input (a 1 MB line of `-1-1-1…`) four times slower.
const COMBINED = new RegExp(RULES.map(([, source]) => `(${source})`).join('|'), 'g');
const TRAILING_URL_PUNCTUATION = /[.,;:!?)\]}]+$/;
// Runs of spaces and any tab or no-break space: only what needs rewriting, so long lines stay cheap.
const HORIZONTAL_SPACE = /[ \t\f\v\u00a0]{2,}|[\t\f\v\u00a0]/g;
const DIGIT = /\d/;

function placeholderFor(rule: string | undefined, match: string): string {
  switch (rule) {
    case 'url': {
      const trailing = TRAILING_URL_PUNCTUATION.exec(match)?.[0] ?? '';
      return `<url>${trailing}`;
    }
    case 'email':
    case 'uuid':
    case 'date':
    case 'ip':
    case 'hex':
    case 'quoted':
    case 'bool':
      return `<${rule}>`;
    case 'hexrun':
      if (match.length === 40) return '<sha1>';
      if (match.length === 32) return '<md5>';
      return DIGIT.test(match) ? '<hex>' : match;
    case 'number':
      return match.includes('.') || match.includes('e') || match.includes('E') ? '<float>' : '<int>';
    default:
      return match;
  }
}

/** The first two non-empty lines, each trimmed, joined by a newline (Sentry keeps the same two). */
export function firstTwoLines(text: string): string {
  const lines: string[] = [];
  let start = 0;
  while (start <= text.length && lines.length < 2) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const line = text.slice(start, end).trim();
    if (line) lines.push(line);
    start = end + 1;
  }
  return lines.join('\n');
}

/** Reduce a message to its stable shape for grouping: first 2 non-empty lines, variables replaced. */
export function parameterize(text: string): string {
  const head = firstTwoLines(text).replace(HORIZONTAL_SPACE, ' ');
  // An exec loop rather than String#replace with a callback: no rest-argument array per match.
  // The shared global regex is safe to reuse: this function is synchronous and resets lastIndex.
  const re = COMBINED;
  re.lastIndex = 0;
  let out = '';
  let last = 0;
  for (let m = re.exec(head); m !== null; m = re.exec(head)) {
    let rule = 0;
    while (rule < RULE_NAMES.length && m[rule + 1] === undefined) rule++;
    out += head.slice(last, m.index) + placeholderFor(RULE_NAMES[rule], m[0]);
    last = m.index + m[0].length;
    if (m[0] === '') re.lastIndex++; // no rule matches empty text; this only guards against an endless loop
  }
  return last === 0 ? head : out + head.slice(last);
}
