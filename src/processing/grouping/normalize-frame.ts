/**
 * A stack frame reduced to what identifies the code it points at, stable across builds, deploys
 * and machines: Sentry's `frame:v1` components (src/sentry/grouping/strategies/newstyle.py) —
 * `module`, else `filename`, plus `function` — never line or column numbers, which move with any edit.
 *
 * Normalizations follow Sentry's where it has them (Java lambdas, CGLIB, javassist,
 * GeneratedMethodAccessor, Clojure `fn__N`, Ruby blocks and ERB, PHP anonymous classes, JavaScript
 * "fuzzing") and go further where two deploys of the same code would otherwise split an issue:
 * deploy directories and URL origins are dropped, content hashes in bundle names are removed, and
 * compiler-numbered names (`Foo$1`, `lambda$main$0`, `<Main>d__5`) lose their numbers.
 *
 * Road not taken: Sentry also hashes the `context_line` on trusted platforms. It separates two
 * anonymous callbacks in one file, but any edit to that line (even whitespace) splits the issue.
 */
import type { StackFrame } from '../../protocol/event.js';
import { platformFamily } from '../in-app.js';

/** What a frame contributes to grouping: a location (module or filename) and a function name. */
export interface FrameComponents {
  module?: string;
  filename?: string;
  function?: string;
}

// JavaScript frames that say nothing about the app: engine-internal or eval'd code (Sentry: "ignored
// low quality javascript frame"), and bundler/transpiler plumbing that differs between build
// configurations of the same source (webpack's loader, tslib/Babel async helpers).
const JS_ENGINE_PATHS = new Set(['[native code]', 'native code', 'eval code', '<anonymous>', 'native']);
const JS_PLUMBING_FUNCTION =
  /(?:^|\.)(?:__webpack_require__|__webpack_modules__|webpackJsonpCallback|__awaiter|__generator|asyncGeneratorStep|_asyncToGenerator)(?:$|\.)/;
// Function names that carry no information (Sentry: "ignored unknown function name").
const ANONYMOUS_FUNCTIONS = new Set([
  '?',
  '<anonymous>',
  '<anonymous function>',
  'Anonymous function',
  'global code',
  'module code',
  'eval code',
  '<unknown>',
  'unknown',
  '<redacted>',
]);
const BARE_ADDRESS = /^(?:0x)?[0-9a-fA-F]{6,}$/;
const FILENAME_PLACEHOLDERS = new Set([
  '<anonymous>',
  '[native code]',
  'native code',
  'native',
  '<unknown>',
  'unknown',
]);

// Bundle files named only by a hash or an id, or by a generic name such as `index.js`, need their
// folder to say which code they hold.
const GENERIC_STEMS = new Set([
  'index',
  '__init__',
  'mod',
  'page',
  'layout',
  'route',
  '+page',
  '+page.server',
  '+layout',
  '+server',
]);

const DIGITS = /^\d+$/;
const HEX = /^[0-9a-fA-F]+$/;
const ALNUM = /^[A-Za-z0-9_]+$/;
const WORDLIKE_CASE = /^(?:[A-Z][a-z]+|[a-z]+)(?:[A-Z][a-z]+)+$/;

/**
 * Whether a file-name piece is a content hash or build id rather than a name: webpack and Parcel put
 * hex after a dot (`main.3f9a2c1b.js`), esbuild base32 after a dash (`chunk-ABCD1234.js`), Vite and
 * Rollup 8 base64 characters (`index-BdKz3Yx1.js`), which may hold no digit at all.
 */
export function isHashLike(piece: string): boolean {
  if (piece.length < 6 || piece.length > 64) return false;
  if (DIGITS.test(piece)) return true;
  if (HEX.test(piece)) return /\d/.test(piece);
  if (!ALNUM.test(piece)) return false;
  const digits = piece.replace(/\D/g, '').length;
  if (piece.length >= 8 && digits > 0) return true;
  if (piece.length !== 8 || WORDLIKE_CASE.test(piece)) return false;
  const upper = piece.replace(/[^A-Z]/g, '').length;
  return upper >= 2 && piece.length - upper >= 2;
}

function isBuildId(piece: string): boolean {
  return DIGITS.test(piece) || isHashLike(piece);
}

/**
 * A bundle name without its content hashes, build ids and versions:
 * `main.3f9a2c1b.chunk.js` → `main.chunk.js`, `chunk-ABCD1234.js` → `chunk.js`,
 * `jquery-3.6.0.min.js` → `jquery.min.js`; a name that is nothing but a hash becomes `<chunk>`.
 */
export function stripBuildIds(name: string, hasExtension: boolean): string {
  const parts = name.split('.');
  const extension = hasExtension && parts.length > 1 ? parts.pop() : undefined;
  const kept: string[] = [];
  parts.forEach((part, i) => {
    const cleaned = part
      .replace(/[-~]([A-Za-z0-9_]+)/g, (whole: string, piece: string) => (isBuildId(piece) ? '' : whole))
      .replace(/[-~]+$/, '');
    if (i === 0) kept.push(cleaned === '' || isBuildId(cleaned) ? (part === '' ? '' : '<chunk>') : cleaned);
    else if (cleaned !== '' && !isBuildId(cleaned)) kept.push(cleaned);
  });
  if (extension !== undefined) kept.push(extension);
  return kept.join('.');
}

/**
 * A path or URL reduced to a deploy-independent file name: query and fragment, scheme, host and
 * every folder are dropped (Sentry hashes the basename too), build ids are stripped, and the result
 * is lower-cased; generic names keep their folder (`checkout/index.js`). `undefined` when the path
 * names no file (`<anonymous>`, a page URL of an inline script).
 */
export function normalizeFilename(path: string): string | undefined {
  let p = path.trim();
  if (FILENAME_PLACEHOLDERS.has(p)) return undefined;
  const cut = p.search(/[?#]/);
  if (cut >= 0) p = p.slice(0, cut);
  p = p.replace(/\\/g, '/');
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(p);
  let isPageUrl = false;
  if (scheme) {
    // Drop `scheme://host` — the host of http(s) URLs, the project name of `webpack://name/`,
    // nothing for `app:///` and `file:///`.
    const rest = p.slice(scheme[0].length);
    const slash = rest.indexOf('/');
    p = slash === -1 ? '' : rest.slice(slash);
    isPageUrl = /^(?:https?|wss?)$/i.test(scheme[1] ?? '');
  }
  const segments = p.split('/').filter((s) => s !== '' && s !== '.' && s !== '..');
  const base = segments[segments.length - 1];
  if (base === undefined || FILENAME_PLACEHOLDERS.has(base)) return undefined;
  // A URL path without an extension is the page an inline script ran in (`/checkout/42`), not a file.
  if (isPageUrl && !base.includes('.')) return undefined;
  const file = stripBuildIds(base, true).toLowerCase();
  const dot = file.lastIndexOf('.');
  const stem = dot > 0 ? file.slice(0, dot) : file;
  const parent = segments[segments.length - 2];
  if ((GENERIC_STEMS.has(stem) || stem === '<chunk>') && parent !== undefined && !parent.includes(':')) {
    // A release directory (`/srv/releases/20240115/index.js`) is not part of the code's identity.
    if (!isBuildId(parent) && !/\d{4}/.test(parent)) return `${parent.toLowerCase()}/${file}`;
  }
  return file;
}

// JVM and .NET compilers and proxies name generated classes and methods with counters and hashes
// that change between builds or even between runs (Sentry normalises the first four). Each rule runs
// only when its marker is in the name, and replaces with a pattern string (`$$` is a literal `$`),
// which V8 applies much faster than a callback.
const GENERATED_NAME_RULES: readonly (readonly [marker: string, pattern: RegExp, replacement: string])[] = [
  // Java lambdas: `Foo$$Lambda$123/0x0000000800c02a00` (JDK 8-17) and `Foo$$Lambda/0x…` (JDK 21).
  ['$$Lambda', /\$\$Lambda(?:\$\d+)?(?:\/(?:0x)?[0-9a-fA-F]+)?/g, '$$$$Lambda'],
  // Spring/CGLIB proxies: `$$EnhancerBySpringCGLIB$$1a2b3c4d`, `$$FastClassByCGLIB$$…`, `$$SpringCGLIB$$0`.
  ['CGLIB$$', /(\$\$[A-Za-z]*CGLIB\$\$)[0-9a-fA-F]+(?:_\d+)?/g, '$1<auto>'],
  ['$$_javassist', /(\$\$_javassist)(?:_seam)?(?:_\d+)?/g, '$1<auto>'],
  // Hibernate/ByteBuddy/Mockito proxies: `Order$HibernateProxy$OBLcXc1l`.
  ['$HibernateProxy$', /\$HibernateProxy\$[A-Za-z0-9]+/g, '$$HibernateProxy$$<auto>'],
  ['$ByteBuddy$', /\$ByteBuddy\$[A-Za-z0-9]+/g, '$$ByteBuddy$$<auto>'],
  ['$MockitoMock$', /\$MockitoMock\$[A-Za-z0-9]+/g, '$$MockitoMock$$<auto>'],
  ['$Proxy', /\$Proxy\d+/g, '$$Proxy'],
  ['jdk.proxy', /jdk\.proxy\d+/g, 'jdk.proxy'],
  ['Accessor', /(Generated(?:Serialization)?(?:Method|Constructor)Accessor)\d+/g, '$1'],
  // Clojure: `myapp.core$fn__1234`, `clojure.core$eval5678`.
  ['$fn__', /\$fn__\d+/g, '$$fn__<auto>'],
  ['$eval', /\$eval\d+/g, '$$eval<auto>'],
  // Anonymous classes and synthetic members: `Foo$1`, `lambda$main$0`, `access$000`, Scala `$anonfun$f$1`.
  ['$', /\$\d+(?=$|[$.:/])/g, '$$'],
  // C# state machines, closures and local functions: `<Main>d__5`, `<>c__DisplayClass4_0`,
  // `<Main>b__0_1`, `<Main>g__Local|3_0`.
  ['>', /(<[^<>]*>[a-z]__[A-Za-z]*\|?)\d+(?:_\d+)?/g, '$1'],
];

// One scan to skip the rules for the common name that has none of their markers.
const ANY_GENERATED_MARKER = /[$>]|Accessor\d|jdk\.proxy\d/;

/** A JVM/.NET/Clojure name without compiler and proxy counters (`Foo$1` → `Foo$`). */
export function normalizeGeneratedName(name: string): string {
  if (!ANY_GENERATED_MARKER.test(name)) return name;
  let out = name;
  for (const [marker, pattern, replacement] of GENERATED_NAME_RULES) {
    if (out.includes(marker)) out = out.replace(pattern, replacement);
  }
  return out;
}

/** A module name as it identifies code across builds; `undefined` when it cannot contribute. */
export function normalizeModule(module: string, platform: string): string | undefined {
  const m = module.trim();
  if (!m || m === '?' || m === '<unknown>') return undefined;
  if (platformFamily(platform) === 'javascript') {
    // Sentry ignores a JavaScript module that is really a path ("ignored bad javascript module").
    if (m.includes('/') || m.includes('\\')) return normalizeFilename(m);
    // @sentry/node names modules `dir.sub:file` from the path; only the file part can hold a hash.
    const colon = m.lastIndexOf(':');
    return colon >= 0
      ? m.slice(0, colon + 1) + stripBuildIds(m.slice(colon + 1), false)
      : stripBuildIds(m, false);
  }
  return normalizeGeneratedName(m);
}

/**
 * Sentry's JavaScript "fuzzing": browsers disagree about receivers, so `Object.foo`, `Foo.foo` and
 * `foo` are all `foo`; `async `/`new ` prefixes, V8's `[as alias]` and `(index N)` are dropped, and
 * anonymous names contribute nothing.
 */
function fuzzJsFunction(name: string): string | undefined {
  let f = name
    .replace(/^async\s+/, '')
    .replace(/^new\s+/, '')
    .replace(/\s+\[as [^\]]*\]$/, '')
    .replace(/\s+\(index \d+\)$/, '');
  // Firefox names an anonymous function nested in `outer` as `outer/<`.
  if (f.endsWith('/<')) return undefined;
  const dot = f.lastIndexOf('.');
  if (dot >= 0 && dot < f.length - 1) f = f.slice(dot + 1);
  return ANONYMOUS_FUNCTIONS.has(f) ? undefined : f;
}

/** A function name as it identifies code across builds; `undefined` when it says nothing. */
export function normalizeFunction(name: string, platform: string): string | undefined {
  const f = name.trim();
  if (!f || ANONYMOUS_FUNCTIONS.has(f) || BARE_ADDRESS.test(f)) return undefined;
  switch (platformFamily(platform)) {
    case 'javascript':
      return fuzzJsFunction(f);
    case 'native':
      // Unsymbolicated offsets (`foo + 123`) move with every build.
      return f.replace(/\s\+\s\d+$/, '');
    case 'ruby':
      // `block (2 levels) in foo` → `block in foo`; ERB templates get numbered method names
      // (`_app_views_cart_html_erb__1234_5678`; Sentry strips the same suffix).
      return f.replace(/^block \(\d+ levels\) in /, 'block in ').replace(/__\d{3,}_\d{3,}$/, '');
    case 'php':
      // `class@anonymous/app/src/Foo.php:12$0` (Sentry: "php anonymous class").
      return f.replace(/class@anonymous[^$]*\$[0-9a-fA-F]+/g, 'class@anonymous');
    default:
      return normalizeGeneratedName(f);
  }
}

/** A frame's grouping components, or `undefined` for frames that cannot contribute. */
export function normalizeFrame(frame: StackFrame, platform: string): FrameComponents | undefined {
  const p = typeof frame.platform === 'string' && frame.platform ? frame.platform : platform;
  const rawFunction = frame.function ?? frame.raw_function;
  if (platformFamily(p) === 'javascript') {
    if (rawFunction === 'eval' || (rawFunction && JS_PLUMBING_FUNCTION.test(rawFunction))) return undefined;
    if (JS_ENGINE_PATHS.has(frame.abs_path ?? frame.filename ?? '')) return undefined;
  }
  const out: FrameComponents = {};
  const module = frame.module ? normalizeModule(frame.module, p) : undefined;
  if (module) out.module = module;
  else {
    const path = frame.filename || frame.abs_path;
    const filename = path ? normalizeFilename(path) : undefined;
    if (filename) out.filename = filename;
  }
  const fn = rawFunction ? normalizeFunction(rawFunction, p) : undefined;
  if (fn) out.function = fn;
  return out.module || out.filename || out.function ? out : undefined;
}

/** A frame's components as one readable line: `checkout.js in chargeCard`. */
export function describeFrame(c: FrameComponents): string {
  const location = c.module ?? c.filename;
  if (location && c.function) return `${location} in ${c.function}`;
  return location ?? `in ${c.function ?? '?'}`;
}
