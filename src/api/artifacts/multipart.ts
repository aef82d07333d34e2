import { ValidationError } from '../../lib/errors.js';

/** One part of a multipart/form-data body. */
export interface FormPart {
  /** The form field name (`file` or `file_gzip` for sentry-cli's chunks). */
  name: string;
  filename: string | undefined;
  data: Buffer;
}

/** The boundary of a `multipart/form-data; boundary=…` content type, or undefined. */
export function multipartBoundary(contentType: string | undefined): string | undefined {
  if (!contentType || !/^multipart\/form-data\s*(;|$)/i.test(contentType)) return undefined;
  const m = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return m?.[1] ?? m?.[2];
}

function dispositionParam(disposition: string, key: string): string | undefined {
  const m = new RegExp(`;\\s*${key}="((?:[^"\\\\]|\\\\.)*)"|;\\s*${key}=([^;\\s]+)`, 'i').exec(disposition);
  const raw = m?.[1] ?? m?.[2];
  return raw?.replace(/\\(.)/g, '$1');
}

/**
 * Splits a buffered multipart/form-data body (RFC 7578) into its parts. Only what sentry-cli sends
 * is needed: a Content-Disposition with name and filename per part; other part headers are ignored.
 * Written here because the one chunk-upload endpoint does not justify a multipart dependency.
 */
export function parseMultipart(body: Buffer, boundary: string): FormPart[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: FormPart[] = [];
  let pos = body.indexOf(delimiter);
  if (pos === -1) throw new ValidationError('multipart body has no boundary');
  for (;;) {
    pos += delimiter.length;
    // `--` after a delimiter closes the body.
    if (body[pos] === 0x2d && body[pos + 1] === 0x2d) return parts;
    if (body[pos] === 0x0d && body[pos + 1] === 0x0a) pos += 2;
    else throw new ValidationError('malformed multipart delimiter line');
    const headerEnd = body.indexOf('\r\n\r\n', pos);
    if (headerEnd === -1) throw new ValidationError('multipart part without a header end');
    const headers = body.toString('latin1', pos, headerEnd).split('\r\n');
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), headerEnd + 4);
    if (next === -1) throw new ValidationError('multipart body is truncated');
    const disposition = headers.find((h) => /^content-disposition\s*:/i.test(h));
    const name = disposition ? dispositionParam(disposition, 'name') : undefined;
    if (name === undefined) throw new ValidationError('multipart part without a name');
    parts.push({
      name,
      filename: disposition ? dispositionParam(disposition, 'filename') : undefined,
      data: body.subarray(headerEnd + 4, next),
    });
    pos = next + 2;
  }
}
