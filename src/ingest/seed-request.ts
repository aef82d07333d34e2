import type { Kysely } from 'kysely';
import type { Readable } from 'node:stream';
import type { z } from 'zod';
import { ForbiddenError, UnavailableError, UnprocessableError, ValidationError } from '../lib/errors.js';
import { SpoolWriteError, type IntakeSpool } from '../storage/intake-spool.js';
import type { Schema } from '../storage/schema.js';
import type { QuotaCounter } from './quota.js';
import { readBody } from './read-body.js';

/** What the seed ingest endpoints need from an HTTP request, independent of the framework. */
export interface SeedRequest {
  params: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  contentLength: number | undefined;
  body: Readable;
  /** Seconds since the epoch. */
  receivedAt: number;
}

export interface SeedResponse {
  status: number;
  body: Record<string, unknown>;
}

/** What the seed ingest endpoints share. */
export interface SeedIngestDeps {
  db: Kysely<Schema>;
  spool: IntakeSpool;
  /** Per-token request counters (in memory, per process). */
  quota: QuotaCounter;
  /** Requests per minute per token when the project sets no limit of its own. */
  defaultTokenRateLimit: number;
}

/** 422 naming each failing field, in the shape Laravel-style clients read (`errors.field[]`). */
export class FieldsError extends UnprocessableError {
  constructor(
    message: string,
    readonly fields: Record<string, string[]>,
  ) {
    super(
      message,
      Object.entries(fields).flatMap(([field, msgs]) => msgs.map((m) => `${field}: ${m}`)),
    );
  }
}

/** 403 for an `app_id` that is not the pinned bundle id; the SDK looks for "bundle id" in it. */
export class BundleIdMismatchError extends ForbiddenError {
  constructor(
    message: string,
    /** The pinned value with its first character masked. */
    readonly expectedFormat: string,
  ) {
    super(message);
  }
}

/** A header's value (the first, if repeated); undefined when absent or empty. */
export function headerValue(headers: SeedRequest['headers'], name: string): string | undefined {
  const v = headers[name];
  const first = Array.isArray(v) ? v[0] : v;
  return first === undefined || first.trim() === '' ? undefined : first.trim();
}

/** Reads the body under a byte cap (413 past it, on the wire and decoded) and parses it as JSON (400). */
export async function readJsonBody(req: SeedRequest, maxBytes: number): Promise<unknown> {
  const body = await readBody(req.body, {
    contentEncoding: headerValue(req.headers, 'content-encoding'),
    contentLength: req.contentLength,
    maxWireBytes: maxBytes,
    maxDecodedBytes: maxBytes,
  });
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw new ValidationError('malformed JSON body', [(err as Error).message], 'invalid_json');
  }
}

/** A zod failure as field → messages (`breadcrumbs.3.ts`, `status` …). */
export function fieldErrors(error: z.ZodError): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const field = issue.path.length > 0 ? issue.path.join('.') : '(body)';
    (fields[field] ??= []).push(issue.message);
  }
  return fields;
}

/** Validates a parsed body: a JSON value that is not an object is malformed (400), a schema miss 422. */
export function parsePayload<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ValidationError('malformed payload: expected a JSON object', [], 'invalid_json');
  }
  const result = schema.safeParse(value);
  if (!result.success)
    throw new FieldsError('the payload does not follow the schema', fieldErrors(result.error));
  return result.data as z.output<T>;
}

/** Appends to the intake spool; a failed durable write answers 503, never a success. */
export async function appendToSpool(
  spool: IntakeSpool,
  record: { projectId: number; eventId: string | null; receivedAt: number; body: Buffer },
): Promise<void> {
  try {
    await spool.append({ ...record, kind: 'envelope' });
  } catch (err) {
    if (err instanceof SpoolWriteError) throw new UnavailableError('cannot store the data right now', 10);
    throw err;
  }
}
