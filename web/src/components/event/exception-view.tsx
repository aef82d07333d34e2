import type { ExceptionValue } from '../../api/types';
import { navigate, useLocation } from '../../router';
import { Section } from '../section';
import { StackTrace } from './stack-trace';

/**
 * The exception and the exceptions it chains (Sentry lists the cause first; the one raised last is
 * shown first here, then "caused by" each earlier one), with the in-app / full toggle in the URL.
 */
export function ExceptionView({ values, title = 'Exception' }: { values: ExceptionValue[]; title?: string }) {
  const loc = useLocation();
  const q = new URLSearchParams(loc.search);
  const full = q.get('frames') === 'all';
  const anyInApp = values.some((v) => v.stacktrace?.frames?.some((f) => f.in_app === true));
  const setFull = (all: boolean) => {
    if (all) q.set('frames', 'all');
    else q.delete('frames');
    const s = q.toString();
    navigate(`${loc.pathname}${s ? `?${s}` : ''}${loc.hash}`, { replace: true });
  };
  const ordered = [...values].reverse();
  return (
    <Section
      id="exception"
      title={title}
      actions={
        anyInApp && (
          <div className="segmented segmented-small" role="group" aria-label="Frames to show">
            <button
              type="button"
              aria-pressed={!full}
              className={!full ? 'active' : undefined}
              onClick={() => setFull(false)}
            >
              In-app
            </button>
            <button
              type="button"
              aria-pressed={full}
              className={full ? 'active' : undefined}
              onClick={() => setFull(true)}
            >
              Full
            </button>
          </div>
        )
      }
    >
      {ordered.map((v, i) => (
        <div key={i} className="exception">
          {i > 0 && <div className="caused-by">Caused by</div>}
          <div className="exception-head">
            <span className="exception-type">{v.type ?? 'Error'}</span>
            {v.mechanism && (
              <span
                className={`mechanism ${v.mechanism.handled === false ? 'unhandled' : 'handled'}`}
                title={v.mechanism.description ?? undefined}
              >
                {v.mechanism.handled === false ? 'unhandled' : 'handled'}
                {v.mechanism.type ? ` · ${v.mechanism.type}` : ''}
              </span>
            )}
          </div>
          {v.value && <p className="exception-value">{v.value}</p>}
          {v.stacktrace?.frames && v.stacktrace.frames.length > 0 ? (
            <StackTrace frames={v.stacktrace.frames} inAppOnly={!full} />
          ) : (
            <p className="muted small">No stack trace was sent with this exception.</p>
          )}
        </div>
      ))}
    </Section>
  );
}
