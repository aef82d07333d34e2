import { useState } from 'react';
import type { StackFrame as Frame } from '../../api/types';
import { StackFrame } from './stack-frame';

type Row = { kind: 'frame'; frame: Frame; index: number } | { kind: 'hidden'; count: number; key: number };

/**
 * Frames most recent call first. In "in-app" mode, runs of library and runtime frames fold into one
 * line that opens them; the newest in-app frame starts open, with its source.
 */
export function StackTrace({ frames, inAppOnly }: { frames: Frame[]; inAppOnly: boolean }) {
  const [unfolded, setUnfolded] = useState<ReadonlySet<number>>(new Set());
  const newestFirst = frames.map((frame, index) => ({ frame, index })).reverse();
  const hasInApp = frames.some((f) => f.in_app === true);
  const folding = inAppOnly && hasInApp;
  const rows: Row[] = [];
  for (const f of newestFirst) {
    const hide = folding && f.frame.in_app !== true && !unfolded.has(f.index);
    const last = rows.at(-1);
    if (hide && last?.kind === 'hidden') last.count++;
    else if (hide) rows.push({ kind: 'hidden', count: 1, key: f.index });
    else rows.push({ kind: 'frame', ...f });
  }
  const firstOpen = newestFirst.find((f) => f.frame.in_app === true)?.index ?? newestFirst[0]?.index;
  return (
    <ol className="frames" aria-label="Stack frames, most recent call first">
      {rows.map((r) =>
        r.kind === 'frame' ? (
          <StackFrame key={r.index} frame={r.frame} initiallyOpen={r.index === firstOpen} />
        ) : (
          <li key={`h-${r.key}`} className="frames-hidden">
            <button
              type="button"
              className="link-button"
              onClick={() => {
                // Unfold this run: every consecutive system frame from its first one.
                const next = new Set(unfolded);
                let i = r.key;
                while (i >= 0 && frames[i] && frames[i]!.in_app !== true) next.add(i--);
                setUnfolded(next);
              }}
            >
              {r.count === 1 ? 'Show 1 library frame' : `Show ${r.count} library frames`}
            </button>
          </li>
        ),
      )}
    </ol>
  );
}
