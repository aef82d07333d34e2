import type { Readable } from 'node:stream';

/** What the ingest endpoints need from an HTTP request, independent of the framework serving it. */
export interface IngestRequest {
  projectIdParam: string;
  headers: Record<string, string | string[] | undefined>;
  query: URLSearchParams;
  contentLength: number | undefined;
  body: Readable;
  /** Seconds since the epoch. */
  receivedAt: number;
}

export interface IngestResponse {
  status: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
}
