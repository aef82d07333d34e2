/** One filter of the issue list: a native select with its label shown inside the box. */
export function FilterSelect({
  label,
  value,
  onChange,
  options,
  defaultValue = '',
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  options: { id: string; label: string }[];
  defaultValue?: string;
}) {
  return (
    <label className={`filter${value !== defaultValue ? ' filter-set' : ''}`}>
      <span className="filter-label">{label}</span>
      <select aria-label={label} value={value} onChange={(e) => onChange(e.target.value)}>
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}
