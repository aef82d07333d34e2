/**
 * Faultline's small error taxonomy. Domain code throws these; one handler (src/lib/http-errors.ts)
 * maps them to the documented status and a Sentry-shaped JSON body `{"detail", "causes"}`.
 */
export type ErrorCode =
  | 'invalid_request'
  | 'invalid_envelope'
  | 'invalid_json'
  | 'invalid_auth'
  | 'missing_auth'
  | 'auth_mismatch'
  | 'unsupported_version'
  | 'project_not_found'
  | 'forbidden'
  | 'not_found'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'unsupported_encoding'
  | 'rate_limited'
  | 'unavailable'
  | 'method_not_allowed';

/** Base class: a stable machine code, an HTTP status, and optional causes for the response body. */
export class FaultlineError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly status: number,
    message: string,
    readonly causes: string[] = [],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** 400: the input is malformed (bad framing, bad JSON, bad field). */
export class ValidationError extends FaultlineError {
  constructor(message: string, causes: string[] = [], code: ErrorCode = 'invalid_request') {
    super(code, 400, message, causes);
  }
}

/** 422: well-formed input that breaks a rule of the contract (taken email, bad enum). */
export class UnprocessableError extends FaultlineError {
  constructor(message: string, causes: string[] = []) {
    super('invalid_request', 422, message, causes);
  }
}

/** 401: no usable credentials were presented. */
export class UnauthorizedError extends FaultlineError {
  constructor(message = 'missing authorization information', code: ErrorCode = 'missing_auth') {
    super(code, 401, message);
  }
}

/** 403: credentials were presented but do not grant this request. */
export class ForbiddenError extends FaultlineError {
  constructor(message: string, code: ErrorCode = 'forbidden') {
    super(code, 403, message);
  }
}

/** 404 */
export class NotFoundError extends FaultlineError {
  constructor(message = 'not found') {
    super('not_found', 404, message);
  }
}

/** 405: the resource exists but does not take this method (stored events are immutable). */
export class MethodNotAllowedError extends FaultlineError {
  constructor(message: string) {
    super('method_not_allowed', 405, message);
  }
}

/** 413: a size cap was exceeded, on the wire or after decompression. */
export class PayloadTooLargeError extends FaultlineError {
  constructor(message: string) {
    super('payload_too_large', 413, message);
  }
}

/** 415: a Content-Encoding we cannot decode. */
export class UnsupportedMediaTypeError extends FaultlineError {
  constructor(message: string) {
    super('unsupported_encoding', 415, message);
  }
}

/** 429 with the seconds after which the client may retry. */
export class RateLimitedError extends FaultlineError {
  constructor(
    readonly retryAfterSeconds: number,
    message = 'rate limited',
    /** The `X-Sentry-Rate-Limits` value, for ingest answers. */
    readonly sentryRateLimits?: string,
  ) {
    super('rate_limited', 429, message);
  }
}

/** 503: we cannot durably keep the data right now; the client should retry later. */
export class UnavailableError extends FaultlineError {
  constructor(
    message: string,
    readonly retryAfterSeconds = 10,
  ) {
    super('unavailable', 503, message);
  }
}
