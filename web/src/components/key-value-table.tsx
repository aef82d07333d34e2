import { displayValue } from '../format';

/** Keys and values as a two-column table; objects are shown as formatted JSON. */
export function KeyValueTable({ rows, label }: { rows: [string, unknown][]; label: string }) {
  if (rows.length === 0) return <p className="muted small">Nothing recorded.</p>;
  return (
    <table className="kv" aria-label={label}>
      <tbody>
        {rows.map(([k, v], i) => {
          const text = displayValue(v);
          const structured = typeof v === 'object' && v !== null;
          return (
            <tr key={`${k}-${i}`}>
              <th scope="row">{k}</th>
              <td>
                {structured ? (
                  <pre className="kv-json">{text}</pre>
                ) : (
                  <span className={v === null || v === undefined ? 'muted' : undefined}>{text || '""'}</span>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
