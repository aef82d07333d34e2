import { Transform, type TransformCallback } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate, createInflateRaw } from 'node:zlib';
import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '../lib/errors.js';

/** Byte caps and the request's own length and encoding headers. */
export interface ReadBodyOptions {
  contentEncoding?: string;
  contentLength?: number;
  maxWireBytes: number;
  maxDecodedBytes: number;
}

type Source = NodeJS.ReadableStream & AsyncIterable<Buffer>;

/**
 * Reads and decodes a request body under two caps, one on the wire and one after decoding, each
 * enforced while streaming as Bugsink's `MaxDataReader` does. On refusal the source is paused, not
 * destroyed, so the caller can still answer 413 (and should then close the connection).
 */
export async function readBody(stream: Source, opts: ReadBodyOptions): Promise<Buffer> {
  if (opts.contentLength !== undefined && opts.contentLength > opts.maxWireBytes) {
    throw wireTooLarge(opts.maxWireBytes);
  }
  const decoders = createDecoders(opts.contentEncoding);
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let wireBytes = 0;
    let decodedBytes = 0;
    let settled = false;

    const finish = (error?: unknown): void => {
      if (settled) return;
      settled = true;
      stream.removeListener('data', onData);
      stream.removeListener('end', onEnd);
      for (const decoder of decoders) decoder.destroy();
      if (error === undefined) {
        stream.removeListener('error', onSourceError);
        // A small body usually arrives as one chunk: copying it into a new buffer would cost an
        // allocation outside Node's pool and a few microseconds on every ingest request.
        resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, decodedBytes));
      } else {
        // onSourceError stays attached (and now ignores everything) so a late error from a stream
        // we stopped reading cannot surface as an unhandled 'error' event.
        stream.pause();
        reject(error);
      }
    };

    const collect = (chunk: Buffer): void => {
      if (settled) return;
      decodedBytes += chunk.length;
      // Stopping here, rather than after buffering, is what makes a gzip bomb cheap to refuse.
      if (decodedBytes > opts.maxDecodedBytes) {
        finish(new PayloadTooLargeError(`decoded body exceeds ${opts.maxDecodedBytes} bytes`));
      } else {
        chunks.push(chunk);
      }
    };

    const onDecodeError = (error: Error): void => {
      finish(new ValidationError('invalid compressed body', [error.message]));
    };
    decoders.forEach((decoder, index) => {
      decoder.on('error', onDecodeError);
      const next = decoders[index + 1];
      if (next) {
        decoder.pipe(next);
      } else {
        decoder.on('data', collect);
        decoder.once('end', () => finish());
      }
    });
    const first = decoders[0];

    const onData = (data: Buffer | string): void => {
      const chunk = typeof data === 'string' ? Buffer.from(data) : data;
      wireBytes += chunk.length;
      if (wireBytes > opts.maxWireBytes) return finish(wireTooLarge(opts.maxWireBytes));
      if (!first) return collect(chunk);
      if (!first.write(chunk)) {
        stream.pause();
        first.once('drain', () => {
          if (!settled) stream.resume();
        });
      }
    };
    const onEnd = (): void => {
      // An empty body is empty in every encoding; zlib would call it truncated.
      if (!first || wireBytes === 0) return finish();
      first.end();
    };
    const onSourceError = (error: Error): void => finish(isClientAbort(error) ? clientClosed() : error);

    stream.on('error', onSourceError);
    stream.once('end', onEnd);
    stream.on('data', onData);
  });
}

/** Node's error when the client closes the connection mid-body: the client's fault, not ours. */
function isClientAbort(error: Error): boolean {
  return (error as NodeJS.ErrnoException).code === 'ECONNRESET';
}

function clientClosed(): ValidationError {
  return new ValidationError('the client closed the connection before the body was complete');
}

function wireTooLarge(maxWireBytes: number): PayloadTooLargeError {
  return new PayloadTooLargeError(`request body exceeds ${maxWireBytes} bytes`);
}

/**
 * Each decoder holds its own zlib state (tens of KiB), so a header listing thousands of codings
 * would cost memory before a byte of body arrives. curl stops at five for the same reason
 * (CVE-2023-23916); no real client stacks more than two.
 */
export const MAX_CODINGS = 5;

const DECODERS: ReadonlyMap<string, () => Transform> = new Map<string, () => Transform>([
  ['gzip', createGunzip],
  ['x-gzip', createGunzip],
  ['deflate', () => new AutoInflate()],
  ['br', createBrotliDecompress],
]);

/**
 * One decoder per coding, in decoding order: Content-Encoding lists codings in the order they were
 * applied (RFC 9110 §8.4.1), so they are undone last to first. All are checked before any is made.
 */
function createDecoders(header: string | undefined): Transform[] {
  if (header === undefined) return [];
  const factories: (() => Transform)[] = [];
  for (const part of header.split(',')) {
    const coding = part.trim().toLowerCase();
    if (coding === '' || coding === 'identity') continue;
    const create = DECODERS.get(coding);
    if (!create) throw new UnsupportedMediaTypeError(`unsupported content-encoding "${coding}"`);
    factories.push(create);
    if (factories.length > MAX_CODINGS) {
      throw new UnsupportedMediaTypeError(`more than ${MAX_CODINGS} stacked content-encodings`);
    }
  }
  return factories.reverse().map((create) => create());
}

/**
 * Is this the start of a zlib stream (RFC 1950)? Method 8, a window no larger than 32 KiB, and a
 * header checksum divisible by 31.
 */
function isZlibHeader(head: Buffer): boolean {
  const [b0 = 0, b1 = 0] = head;
  return (b0 & 0x0f) === 8 && b0 >> 4 <= 7 && (b0 * 256 + b1) % 31 === 0;
}

/**
 * `Content-Encoding: deflate` means zlib-wrapped data, but some clients send raw deflate, so the
 * first two bytes decide which inflater to use (as browsers and curl do).
 */
class AutoInflate extends Transform {
  private inner: Transform | undefined;
  private head: Buffer = Buffer.alloc(0);

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    let inner = this.inner;
    if (!inner) {
      this.head = Buffer.concat([this.head, chunk]);
      if (this.head.length < 2) return callback();
      inner = this.start();
      chunk = this.head;
      this.head = Buffer.alloc(0);
    }
    if (inner.write(chunk)) callback();
    else inner.once('drain', () => callback());
  }

  override _flush(callback: TransformCallback): void {
    let inner = this.inner;
    if (!inner) {
      if (this.head.length === 0) return callback();
      inner = this.start();
      inner.write(this.head);
    }
    inner.once('end', () => callback());
    inner.end();
  }

  override _read(size: number): void {
    this.inner?.resume();
    super._read(size);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.inner?.destroy();
    callback(error);
  }

  private start(): Transform {
    const inner = isZlibHeader(this.head) ? createInflate() : createInflateRaw();
    inner.on('data', (out: Buffer) => {
      // Honour our reader's backpressure; zlib stops inflating while its output is not read.
      if (!this.push(out)) inner.pause();
    });
    inner.on('error', (error) => this.destroy(error));
    this.inner = inner;
    return inner;
  }
}
