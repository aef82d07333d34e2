/**
 * In-app detection: which stack frames are the application's own code and which belong to the
 * runtime, the standard library or a dependency. Grouping hashes only in-app frames when there are
 * any (Sentry's `app` variant), so this decides what an issue is keyed on.
 *
 * Order of authority, strongest first:
 * 1. the project's `inAppInclude` / `inAppExclude` prefixes (the longest matching prefix wins, and an
 *    exclude wins a tie), because they are the user's explicit word — Sentry applies the same
 *    options in its SDKs and lets server-side stack trace rules (`stack.module:foo -app`) overrule them;
 * 2. the SDK's own `in_app`, which knows the project root (sentry-javascript's node stack parser,
 *    sentry-python's `in_app_include`, sentry-java's `inAppIncludes`) — except that a frame in a
 *    dependency folder (`node_modules`, `site-packages`, `vendor`, a CDN…) is never the app, even when
 *    the SDK says so: Sentry's server-side rules (`path:` globs on `node_modules` with `-app`) overrule the
 *    SDK the same way, and old SDKs flag every frame in-app, which would key issues on framework internals;
 * 3. the heuristics below, modelled on Sentry's default enhancements
 *    (src/sentry/grouping/enhancer/enhancement-configs/all-platforms@2026-01-20.txt): runtimes,
 *    frameworks and system libraries are not the app; anything else is.
 */
import type { StackFrame } from '../protocol/event.js';

/** Project-level overrides, as Sentry's `in_app_include` / `in_app_exclude` SDK options. */
export interface InAppOptions {
  /** Module, package or path prefixes that are always the app's own code. */
  inAppInclude?: string[];
  /** Module, package or path prefixes that are never the app's own code. */
  inAppExclude?: string[];
}

/** Platforms that share stack conventions, as Sentry's `get_behavior_family_for_platform`. */
export type PlatformFamily =
  'javascript' | 'jvm' | 'native' | 'dotnet' | 'python' | 'ruby' | 'php' | 'go' | 'other';

const FAMILIES: Record<string, PlatformFamily> = {
  javascript: 'javascript',
  node: 'javascript',
  deno: 'javascript',
  bun: 'javascript',
  java: 'jvm',
  android: 'jvm',
  kotlin: 'jvm',
  scala: 'jvm',
  groovy: 'jvm',
  clojure: 'jvm',
  native: 'native',
  cocoa: 'native',
  objc: 'native',
  swift: 'native',
  c: 'native',
  cpp: 'native',
  csharp: 'dotnet',
  dotnet: 'dotnet',
  python: 'python',
  ruby: 'ruby',
  php: 'php',
  go: 'go',
};

/** The stack-convention family of an event or frame platform (`node` → `javascript`). */
export function platformFamily(platform: string | undefined): PlatformFamily {
  return (platform && FAMILIES[platform]) || 'other';
}

// Dependency folders of every package manager and public CDNs: third-party code whatever the SDK says.
const DEPENDENCY_PATH_PARTS = [
  '/node_modules/',
  '/bower_components/',
  '/jspm_packages/',
  '/vendor/',
  '/site-packages/',
  '/dist-packages/',
  '/go/pkg/mod/',
  '/.pub-cache/',
  '//unpkg.com/',
  '//cdnjs.cloudflare.com/',
  '//cdn.jsdelivr.net/',
  '//esm.run/',
];
const DEPENDENCY_PATH_PREFIXES = ['node_modules/', 'vendor/'];

// Everywhere, when the SDK did not decide: system library locations (macOS/iOS frameworks, Linux
// and Android system libraries, Windows system DLLs, Homebrew) and installed gems.
const LIBRARY_PATH_PARTS = [
  '/.venv/',
  '/gems/',
  '/.local/share/',
  '/usr/local/cellar/',
  '/system/library/',
  '/usr/lib/',
  '/usr/local/lib/',
  '/system/lib/',
  '/system/lib64/',
  '/system/framework/',
  '/apex/com.android.',
  '/windows/system32/',
  '/windows/syswow64/',
  '/sentry.framework/',
];
const LIBRARY_PATH_PREFIXES = ['/opt/homebrew/'];
// Only native images: a JavaScript or Elixir `lib/…` path is usually the app's own.
const NATIVE_LIBRARY_PATH_PREFIXES = ['/lib/', '/lib64/', '/system/'];

// JavaScript: Node's core modules (`node:fs`, `internal/…`, bare `events.js` before Node 16),
// engine frames, bundler runtimes and browser extensions.
const JS_LIBRARY_PREFIXES = [
  'node:',
  'internal/',
  'bun:',
  'ext:',
  'webpack/bootstrap',
  'webpack/runtime',
  '(webpack)/',
  'chrome-extension:',
  'moz-extension:',
  'safari-extension:',
  'safari-web-extension:',
  'chrome:',
];
const JS_ENGINE_FILES = new Set(['<anonymous>', '[native code]', 'native code', 'native', 'eval code']);
// Node's task queue and transpiler runtimes (Sentry: `function:processTicksAndRejections -app`,
// `module:tslib/** -app`).
const JS_RUNTIME_FUNCTIONS = new Set([
  'processTicksAndRejections',
  'runMicrotasks',
  'runNextTicks',
  'queueMicrotask',
]);
const JS_RUNTIME_MODULES = /^(?:@babel|core-js|regenerator-runtime|tslib)[/.:]/;
const JS_VENDOR_BUNDLE = /(?:^|\/)vendors?(?:[~.-][^/]*)?\.m?js$/;

// JVM: the JDK, Android, Kotlin, Scala, Clojure and Groovy runtimes, and the frameworks Sentry's
// default rules put in its `framework` category (Spring, Apache, Jackson, Netty…).
const JVM_LIBRARY_MODULES = [
  'akka.',
  'com.fasterxml.',
  'com.microsoft.',
  'feign.',
  'io.ktor.',
  'io.netty.',
  'io.opentelemetry.',
  'org.apache.',
  'org.glassfish.',
  'org.jboss.',
  'org.postgresql.',
  'org.springframework.',
  'reactor.core.',
  'java.',
  'javax.',
  'jakarta.',
  'sun.',
  'com.sun.',
  'jdk.',
  'kotlin.',
  'kotlinx.',
  'android.',
  'androidx.',
  'com.android.',
  'dalvik.',
  'com.google.android.',
  'libcore.',
  'scala.',
  'clojure.',
  'groovy.',
  'org.codehaus.groovy.',
  'io.sentry.',
];

// Apple and other native system images, matched on the image's file name.
const NATIVE_LIBRARY_IMAGES = new Set([
  'uikitcore',
  'uikit',
  'foundation',
  'corefoundation',
  'graphicsservices',
  'frontboardservices',
  'coregraphics',
  'quartzcore',
  'dyld',
  'libc.so',
  'libc.so.6',
  'libart.so',
  'libpthread.so.0',
  'ntdll.dll',
  'kernel32.dll',
  'kernelbase.dll',
  'ucrtbase.dll',
  'sentry',
]);
const NATIVE_LIBRARY_IMAGE_PREFIXES = [
  'libsystem_',
  'libdispatch',
  'libobjc',
  'libswift',
  'libc++',
  'libxpc',
  'libdyld',
];

// Python: the standard library lives in `lib/pythonX.Y/` (`Lib\` on Windows) and in frozen modules.
const PYTHON_STDLIB_PATH = /\/lib\/python\d(?:\.\d+)?\/|\/Lib\/(?!site-packages)|^<frozen /;

// .NET: the base class library and ASP.NET Core.
const DOTNET_LIBRARY_PREFIXES = ['System.', 'Microsoft.', 'Mono.', 'Sentry.'];

// Go: the runtime and the standard library (GOROOT); import paths of third-party code have a dot
// in their first element (github.com/…), the standard library's never do.
// GOROOT as the official tarball, Homebrew, `golang.org/dl` and distro packages install it (a GOPATH
// `~/go/src/…` holds the app itself, so it is not matched).
const GO_STDLIB_PATH = /\/usr\/local\/go\/src\/|\/libexec\/src\/|\/cellar\/go\/|\/sdk\/go\d|\/goroot\//;
const GO_LIBRARY_MODULES = ['github.com/getsentry/sentry-go'];
const GO_STDLIB_PACKAGES = new Set([
  'runtime',
  'net',
  'fmt',
  'os',
  'io',
  'sync',
  'reflect',
  'testing',
  'database',
  'encoding',
  'bufio',
  'context',
  'errors',
  'log',
  'strconv',
  'strings',
  'time',
  'crypto',
  'syscall',
  'internal',
  'sort',
  'bytes',
  'math',
  'path',
  'text',
  'html',
  'mime',
  'regexp',
  'unicode',
  'compress',
  'archive',
  'container',
  'debug',
  'embed',
  'expvar',
  'flag',
  'hash',
  'image',
  'iter',
  'maps',
  'plugin',
  'slices',
  'unique',
  'unsafe',
  'cmp',
]);

// Ruby: sentry-ruby writes gem frames as `gemname (1.2.3) lib/…`; gems also live under `/gems/`.
const RUBY_GEM_FRAME = /^[\w.-]+ \(\d[^)]*\) /;

function toPath(value: string | undefined): string | undefined {
  return value ? value.replace(/\\/g, '/') : undefined;
}

function imageName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1).toLowerCase();
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// Each pair of lists as one case-insensitive regex: a single scan per path instead of one per entry.
const pathPattern = (parts: string[], prefixes: string[]): RegExp =>
  new RegExp([...parts.map(escapeRegExp), ...prefixes.map((p) => `^${escapeRegExp(p)}`)].join('|'), 'i');
const DEPENDENCY_PATH = pathPattern(DEPENDENCY_PATH_PARTS, DEPENDENCY_PATH_PREFIXES);
const LIBRARY_PATH = pathPattern(LIBRARY_PATH_PARTS, LIBRARY_PATH_PREFIXES);

function isLibraryPath(path: string): boolean {
  return DEPENDENCY_PATH.test(path) || LIBRARY_PATH.test(path);
}

/** Whether a frame's file lives in a dependency folder or on a public CDN. */
export function isDependencyFrame(frame: StackFrame): boolean {
  const paths = [frame.abs_path, frame.filename];
  return paths.some((path) => typeof path === 'string' && DEPENDENCY_PATH.test(path.replace(/\\/g, '/')));
}

function isJsLibrary(frame: StackFrame, paths: string[]): boolean {
  const module = frame.module;
  if (
    module &&
    (JS_LIBRARY_PREFIXES.some((prefix) => module.startsWith(prefix)) || JS_RUNTIME_MODULES.test(module))
  )
    return true;
  if (frame.function && JS_RUNTIME_FUNCTIONS.has(frame.function)) return true;
  return paths.some(
    (path) =>
      JS_ENGINE_FILES.has(path) ||
      JS_LIBRARY_PREFIXES.some((prefix) => path.startsWith(prefix)) ||
      JS_VENDOR_BUNDLE.test(path.split(/[?#]/, 1)[0] ?? path) ||
      // Node before 16 named core modules by bare file name (`events.js`, `_stream_readable.js`).
      (!path.includes('/') && !path.includes(':') && path.endsWith('.js') && frame.abs_path === undefined),
  );
}

function isNativeLibrary(paths: string[]): boolean {
  return paths.some((path) => {
    const name = imageName(path);
    return (
      NATIVE_LIBRARY_IMAGES.has(name) ||
      NATIVE_LIBRARY_IMAGE_PREFIXES.some((prefix) => name.startsWith(prefix)) ||
      NATIVE_LIBRARY_PATH_PREFIXES.some((prefix) => path.toLowerCase().startsWith(prefix))
    );
  });
}

function isGoLibrary(frame: StackFrame, paths: string[]): boolean {
  const module = frame.module;
  if (module) {
    const first = module.split('/', 1)[0] ?? module;
    if (GO_STDLIB_PACKAGES.has(first)) return true;
    if (GO_LIBRARY_MODULES.some((prefix) => module.startsWith(prefix))) return true;
  } else if (frame.function?.startsWith('runtime.')) {
    return true;
  }
  return paths.some((path) => GO_STDLIB_PATH.test(path.toLowerCase()));
}

// Verdicts by everything `judgeLibraryFrame` reads. Real traffic repeats the same frames event after
// event; emptied when full rather than kept in LRU order, which would cost more than it saves.
const verdicts = new Map<string, boolean>();
const MAX_VERDICTS = 20_000;

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** Whether a frame belongs to a runtime, standard library or dependency, judged by heuristics alone. */
export function isLibraryFrame(frame: StackFrame, platform: string): boolean {
  const key = `${platform}\u0000${str(frame.platform)}\u0000${str(frame.module)}\u0000${str(frame.filename)}\u0000${str(frame.abs_path)}\u0000${str(frame.package)}\u0000${str(frame.function)}`;
  let verdict = verdicts.get(key);
  if (verdict === undefined) {
    verdict = judgeLibraryFrame(frame, platform);
    if (verdicts.size >= MAX_VERDICTS) verdicts.clear();
    verdicts.set(key, verdict);
  }
  return verdict;
}

function judgeLibraryFrame(frame: StackFrame, platform: string): boolean {
  const family = platformFamily(typeof frame.platform === 'string' ? frame.platform : platform);
  // A native frame's `package` is its binary image (a path or a bare name); elsewhere it is a name
  // (a .NET assembly, a Java package) and only counts when it looks like a path.
  const pkg = frame.package;
  const image = pkg && (family === 'native' || pkg.includes('/') || pkg.includes('\\')) ? pkg : undefined;
  const paths = [frame.abs_path, frame.filename, image].map(toPath).filter((p): p is string => !!p);
  if (paths.some(isLibraryPath)) return true;
  const module = frame.module ?? '';
  switch (family) {
    case 'javascript':
      return isJsLibrary(frame, paths);
    case 'jvm':
      return JVM_LIBRARY_MODULES.some((prefix) => module.startsWith(prefix));
    case 'native':
      return isNativeLibrary(paths);
    case 'python':
      return paths.some((path) => PYTHON_STDLIB_PATH.test(path));
    case 'dotnet': {
      const names = [module, frame.function ?? '', frame.package ?? ''];
      return names.some((name) => DOTNET_LIBRARY_PREFIXES.some((prefix) => name.startsWith(prefix)));
    }
    case 'go':
      return isGoLibrary(frame, paths);
    case 'ruby':
      return paths.some((path) => RUBY_GEM_FRAME.test(path) || path.startsWith('<internal:'));
    default:
      return false;
  }
}

function prefixMatches(prefix: string, frame: StackFrame): boolean {
  if (!prefix) return false;
  const names = [frame.module, frame.package, frame.function];
  if (names.some((name) => name !== undefined && name.startsWith(prefix))) return true;
  // Paths: a prefix matches from the start of the path or from any folder boundary, so `src/`
  // matches `/home/ci/app/src/cart.js` wherever the app was deployed.
  const bare = prefix.replace(/\\/g, '/');
  const inner = bare.startsWith('/') ? bare : `/${bare}`;
  return [toPath(frame.abs_path), toPath(frame.filename)].some(
    (path) => path !== undefined && (path.startsWith(bare) || path.includes(inner)),
  );
}

function longestMatch(prefixes: string[] | undefined, frame: StackFrame): number {
  let best = -1;
  for (const prefix of prefixes ?? []) {
    if (prefix.length > best && prefixMatches(prefix, frame)) best = prefix.length;
  }
  return best;
}

/** Whether a frame is the application's own code: project options, then the SDK (bar dependencies), then heuristics. */
export function isInAppFrame(frame: StackFrame, platform: string, opts: InAppOptions = {}): boolean {
  if (opts.inAppInclude?.length || opts.inAppExclude?.length) {
    const include = longestMatch(opts.inAppInclude, frame);
    const exclude = longestMatch(opts.inAppExclude, frame);
    if (exclude >= 0 && exclude >= include) return false;
    if (include >= 0) return true;
  }
  if (frame.in_app === false) return false;
  if (frame.in_app === true) return !isDependencyFrame(frame);
  return !isLibraryFrame(frame, platform);
}

/** The frames with `in_app` decided for each; frames whose flag does not change are reused as is. */
export function applyInApp(frames: StackFrame[], platform: string, opts: InAppOptions = {}): StackFrame[] {
  return frames.map((frame) => {
    const inApp = isInAppFrame(frame, platform, opts);
    return frame.in_app === inApp ? frame : { ...frame, in_app: inApp };
  });
}
