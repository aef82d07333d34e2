import type { RequestEntry } from '../../api/types';
import { displayValue } from '../../format';
import { KeyValueTable } from '../key-value-table';
import { Section } from '../section';

/** The HTTP request the error happened in: method and URL, then query, body, headers, cookies. */
export function RequestView({ request }: { request: RequestEntry }) {
  return (
    <Section id="request" title="Request">
      <p className="request-line">
        {request.method && <span className="request-method">{request.method}</span>}
        <span className="request-url">{request.url ?? '—'}</span>
      </p>
      {request.query.length > 0 && (
        <>
          <h3 className="sub-heading">Query</h3>
          <KeyValueTable rows={request.query} label="Query string" />
        </>
      )}
      {request.data !== null && request.data !== undefined && (
        <>
          <h3 className="sub-heading">Body</h3>
          <pre className="json-block">{displayValue(request.data)}</pre>
        </>
      )}
      {request.headers.length > 0 && (
        <>
          <h3 className="sub-heading">Headers</h3>
          <KeyValueTable rows={request.headers} label="Request headers" />
        </>
      )}
      {request.cookies.length > 0 && (
        <>
          <h3 className="sub-heading">Cookies</h3>
          <KeyValueTable rows={request.cookies} label="Cookies" />
        </>
      )}
      {request.env && Object.keys(request.env).length > 0 && (
        <>
          <h3 className="sub-heading">Environment</h3>
          <KeyValueTable rows={Object.entries(request.env)} label="Request environment" />
        </>
      )}
    </Section>
  );
}
