import type { Level } from '../api/types';

const LABEL: Record<string, string> = {
  fatal: 'Fatal',
  error: 'Error',
  warning: 'Warning',
  info: 'Info',
  debug: 'Debug',
  sample: 'Sample',
};

/** The event level as a small coloured marker and word. */
export function LevelBadge({ level, compact = false }: { level: Level | string; compact?: boolean }) {
  const known = level in LABEL ? level : 'error';
  return (
    <span className={`level level-${known}`} title={`Level: ${LABEL[known] ?? level}`}>
      <span className="level-dot" aria-hidden="true" />
      {compact ? <span className="visually-hidden">{LABEL[known] ?? level}</span> : (LABEL[known] ?? level)}
    </span>
  );
}
