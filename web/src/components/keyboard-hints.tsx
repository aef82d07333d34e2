const HINTS: [string, string][] = [
  ['j k', 'move'],
  ['enter', 'open'],
  ['x', 'select'],
  ['r', 'resolve'],
  ['i', 'ignore'],
  ['u', 'unresolve'],
  ['/', 'search'],
];

/** The list's keyboard shortcuts, quietly, under it (hidden on touch screens). */
export function KeyboardHints() {
  return (
    <p className="keyboard-hints" aria-label="Keyboard shortcuts">
      {HINTS.map(([keys, what]) => (
        <span key={what}>
          {keys.split(' ').map((k) => (
            <kbd key={k}>{k}</kbd>
          ))}{' '}
          {what}
        </span>
      ))}
    </p>
  );
}
