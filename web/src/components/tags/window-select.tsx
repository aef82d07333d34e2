import { navigate } from '../../router';
import { WINDOWS } from '../../tag-window';

/** The 1h / 6h / 24h choice of the tag-monitoring pages; the window lives in the URL (`?hours=`). */
export function WindowSelect({ hours, hrefFor }: { hours: number; hrefFor: (hours: number) => string }) {
  return (
    <div className="segmented" role="group" aria-label="Time window">
      {WINDOWS.map((h) => (
        <button
          key={h}
          type="button"
          aria-pressed={hours === h}
          className={hours === h ? 'active' : undefined}
          title={`The last ${h === 1 ? 'hour' : `${h} hours`}`}
          onClick={() => navigate(hrefFor(h), { replace: true, keepScroll: true })}
        >
          {h}h
        </button>
      ))}
    </div>
  );
}
