import { FaultlineError, RateLimitedError, UnavailableError } from './errors.js';

/** The JSON body of every error answer, in Sentry's shape (`ApiErrorResponse`). */
export interface ErrorBody {
  detail: string;
  causes: string[];
}

/**
 * A message can quote the client (`invalid sentry_version "…"`); Node refuses to send a header holding
 * a control or non-ASCII character, so those become `?` there (the JSON body keeps the message whole).
 */
export function headerSafe(text: string): string {
  return text.replace(/[^\t\x20-\x7e]/g, '?');
}

interface FrameworkError {
  statusCode?: number;
  code?: string;
  message?: string;
}

/** Maps any thrown value to a status, headers and the JSON body; the one place that does so. */
export function toHttpError(err: unknown): {
  status: number;
  headers: Record<string, string>;
  body: ErrorBody;
} {
  if (err instanceof FaultlineError) {
    const headers: Record<string, string> = { 'x-sentry-error': headerSafe(err.message) };
    if (err instanceof RateLimitedError || err instanceof UnavailableError) {
      headers['retry-after'] = String(
        err instanceof RateLimitedError ? err.retryAfterSeconds : err.retryAfterSeconds,
      );
    }
    // SDKs read the categories and scope of a 429 from here (rate-limiting.mdx).
    if (err instanceof RateLimitedError && err.sentryRateLimits) {
      headers['x-sentry-rate-limits'] = err.sentryRateLimits;
    }
    return { status: err.status, headers, body: { detail: err.message, causes: err.causes } };
  }
  const fw = (typeof err === 'object' && err !== null ? err : {}) as FrameworkError;
  // Errors raised by the HTTP framework itself (bad JSON, body too large, unsupported type) carry a 4xx.
  if (typeof fw.statusCode === 'number' && fw.statusCode >= 400 && fw.statusCode < 500) {
    return {
      status: fw.statusCode,
      headers: {},
      body: { detail: fw.message ?? 'bad request', causes: fw.code ? [fw.code] : [] },
    };
  }
  return { status: 500, headers: {}, body: { detail: 'internal server error', causes: [] } };
}
