import { useId, useState } from 'react';
import type { StackFrame as Frame } from '../../api/types';
import { KeyValueTable } from '../key-value-table';

function location(f: Frame): string {
  return f.filename ?? f.abs_path ?? f.module ?? f.package ?? '<unknown>';
}

/** One frame: where (file, function, line), and on demand its source lines and local variables. */
export function StackFrame({ frame, initiallyOpen }: { frame: Frame; initiallyOpen: boolean }) {
  const hasContext = !!frame.context_line || (frame.pre_context?.length ?? 0) > 0;
  const vars = frame.vars && typeof frame.vars === 'object' ? Object.entries(frame.vars) : [];
  const expandable = hasContext || vars.length > 0;
  const [open, setOpen] = useState(initiallyOpen && expandable);
  const bodyId = useId();
  const inApp = frame.in_app === true;
  const line = frame.lineno ?? undefined;
  const start = line !== undefined ? line - (frame.pre_context?.length ?? 0) : undefined;
  const texts = [
    ...(frame.pre_context ?? []).map((text) => ({ text, current: false })),
    ...(frame.context_line !== undefined && frame.context_line !== null
      ? [{ text: frame.context_line, current: true }]
      : []),
    ...(frame.post_context ?? []).map((text) => ({ text, current: false })),
  ];
  const lines = texts.map((t, i) => ({ ...t, key: i, n: start === undefined ? undefined : start + i }));

  const header = (
    <>
      <span className="frame-file">{location(frame)}</span>
      {frame.function && (
        <>
          <span className="frame-sep"> in </span>
          <span className="frame-function">{frame.function}</span>
        </>
      )}
      {line !== undefined && (
        <>
          <span className="frame-sep"> at line </span>
          <span className="frame-line">
            {line}
            {frame.colno ? `:${frame.colno}` : ''}
          </span>
        </>
      )}
      {inApp && <span className="frame-badge">In app</span>}
    </>
  );

  return (
    <li
      className={`frame${inApp ? ' in-app' : ' system'}${open ? ' open' : ''}`}
      data-in-app={inApp ? 'true' : 'false'}
    >
      {expandable ? (
        <button
          type="button"
          className="frame-header"
          aria-expanded={open}
          aria-controls={bodyId}
          onClick={() => setOpen((o) => !o)}
        >
          <span className="frame-toggle" aria-hidden="true" />
          <span className="frame-where">{header}</span>
        </button>
      ) : (
        <div className="frame-header">
          <span className="frame-toggle frame-toggle-none" aria-hidden="true" />
          <span className="frame-where">{header}</span>
        </div>
      )}
      {open && (
        <div className="frame-body" id={bodyId}>
          {hasContext && (
            <ol className="source" aria-label={`Source around line ${line ?? ''}`}>
              {lines.map((l) => (
                <li
                  key={l.n ?? l.key}
                  className={l.current ? 'source-current' : undefined}
                  aria-current={l.current || undefined}
                >
                  <span className="source-n" aria-hidden="true">
                    {l.n ?? ''}
                  </span>
                  <code>{l.text || ' '}</code>
                </li>
              ))}
            </ol>
          )}
          {vars.length > 0 && (
            <div className="frame-vars">
              <h4>Local variables</h4>
              <KeyValueTable rows={vars} label="Local variables" />
            </div>
          )}
        </div>
      )}
    </li>
  );
}
