import type { StackFrame } from '../../protocol/event.js';

/** The stack-text dialects Faultline can read; `unknown` when none fits. */
export type StackFormat =
  'v8' | 'gecko' | 'jsc' | 'hermes' | 'java' | 'cocoa' | 'python' | 'dotnet' | 'go' | 'unknown';

/**
 * One exception read from a stack text. `frames` run oldest call first, crash frame last, as in
 * Sentry's `stacktrace.frames`. `module` is the exception's namespace where the runtime prints a
 * qualified name (Java `java.lang`, Python `requests.exceptions`), as Sentry's SDKs send it.
 */
export interface ParsedException {
  type?: string;
  value?: string;
  module?: string;
  frames: StackFrame[];
}

/**
 * A parsed stack text. `exceptions` is ordered like Sentry's `exception.values`: the oldest cause
 * first and the exception that was finally raised last.
 */
export interface ParsedStack {
  format: StackFormat;
  exceptions: ParsedException[];
}
