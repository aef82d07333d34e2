import type { Assignee } from '../api/types';

/** Who an issue is assigned to, as an initial in a circle (or an empty dashed one). */
export function AssigneeAvatar({ assignee, size = 24 }: { assignee: Assignee | null; size?: number }) {
  if (!assignee) {
    return (
      <span
        className="avatar avatar-empty"
        style={{ width: size, height: size }}
        title="Unassigned"
        aria-label="Unassigned"
        role="img"
      />
    );
  }
  const name = assignee.email || assignee.name;
  return (
    <span
      className="avatar"
      style={{ width: size, height: size, fontSize: size * 0.46 }}
      title={`Assigned to ${name}`}
      aria-label={`Assigned to ${name}`}
      role="img"
    >
      {name.slice(0, 1).toUpperCase()}
    </span>
  );
}
