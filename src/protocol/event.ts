/**
 * The Sentry event payload as SDKs send it (develop-docs/sdk/data-model/event-payloads).
 * Every field is optional on the wire; old SDKs use `sentry.interfaces.*` aliases and other shapes,
 * which normalization (src/processing/normalize.ts) folds into `NormalizedEvent`.
 */

export type Level = 'fatal' | 'error' | 'warning' | 'info' | 'debug';

export interface StackFrame {
  filename?: string;
  abs_path?: string;
  module?: string;
  package?: string;
  function?: string;
  raw_function?: string;
  lineno?: number;
  colno?: number;
  in_app?: boolean;
  platform?: string;
  context_line?: string;
  pre_context?: string[];
  post_context?: string[];
  vars?: Record<string, unknown>;
  instruction_addr?: string;
  [key: string]: unknown;
}

export interface Stacktrace {
  frames: StackFrame[];
  registers?: Record<string, string>;
  [key: string]: unknown;
}

export interface Mechanism {
  type?: string;
  handled?: boolean;
  synthetic?: boolean;
  description?: string;
  exception_id?: number;
  parent_id?: number;
  is_exception_group?: boolean;
  meta?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface ExceptionValue {
  type?: string;
  value?: string;
  module?: string;
  thread_id?: number | string;
  stacktrace?: Stacktrace;
  /** A stack the client could only send as text; parsed into `stacktrace` by processing. */
  raw_stacktrace?: Stacktrace;
  mechanism?: Mechanism;
  [key: string]: unknown;
}

export interface LogEntry {
  message?: string;
  formatted?: string;
  params?: unknown[] | Record<string, unknown>;
}

export interface Breadcrumb {
  timestamp?: number | string;
  type?: string;
  category?: string;
  level?: string;
  message?: string;
  data?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface User {
  id?: string | number;
  email?: string;
  username?: string;
  ip_address?: string;
  name?: string;
  [key: string]: unknown;
}

export interface RequestInfo {
  url?: string;
  method?: string;
  query_string?: string | Record<string, unknown> | [string, string][];
  headers?: Record<string, string> | [string, string][];
  cookies?: string | Record<string, string>;
  data?: unknown;
  env?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface SdkInfo {
  name?: string;
  version?: string;
  integrations?: string[];
  packages?: { name: string; version: string }[];
  [key: string]: unknown;
}

/** The event after normalization: the one shape every later step trusts. */
export interface NormalizedEvent {
  event_id: string;
  timestamp: number;
  received: number;
  platform: string;
  level: Level;
  logger?: string;
  transaction?: string;
  server_name?: string;
  release?: string;
  dist?: string;
  environment?: string;
  message?: string;
  logentry?: LogEntry;
  exception?: { values: ExceptionValue[] };
  threads?: {
    values: { id?: number | string; crashed?: boolean; current?: boolean; stacktrace?: Stacktrace }[];
  };
  breadcrumbs?: { values: Breadcrumb[] };
  tags: [string, string][];
  extra?: Record<string, unknown>;
  contexts?: Record<string, Record<string, unknown>>;
  user?: User;
  request?: RequestInfo;
  sdk?: SdkInfo;
  fingerprint?: string[];
  modules?: Record<string, string>;
  culprit?: string;
  type?: string;
  /** What normalization trimmed or repaired, as Relay records in `_meta`. */
  _meta?: Record<string, unknown>;
  [key: string]: unknown;
}
