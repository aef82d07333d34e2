import { useState } from 'react';
import { Dialog } from './dialog';
import { IGNORE_CHOICES } from './ignore-options';
import { Menu, type MenuItem } from './menu';

/** Ignore, forever or until a duration, a number of events or of users (presets or custom). */
export function IgnoreMenu({
  onIgnore,
  disabled,
  className = 'btn',
  label = 'Ignore',
}: {
  onIgnore: (details: Record<string, number>) => void;
  disabled?: boolean;
  className?: string;
  label?: string;
}) {
  const [custom, setCustom] = useState(false);
  const [kind, setKind] = useState<'ignoreDuration' | 'ignoreCount' | 'ignoreUserCount'>('ignoreCount');
  const [amount, setAmount] = useState('50');
  const items: MenuItem[] = [{ label: 'Forever', onSelect: () => onIgnore({}) }];
  for (const group of IGNORE_CHOICES) {
    items.push({ kind: 'separator' }, { kind: 'heading', label: group.heading });
    for (const c of group.items) items.push({ label: c.label, onSelect: () => onIgnore(c.details) });
  }
  items.push({ kind: 'separator' }, { label: 'Custom…', onSelect: () => setCustom(true) });
  const n = Number(amount);
  const valid = Number.isInteger(n) && n > 0;
  return (
    <>
      <Menu label={`${label}: choose until when`} className={className} items={items} disabled={disabled}>
        {label}
        <span className="chevron" aria-hidden="true" />
      </Menu>
      <Dialog
        open={custom}
        title="Ignore until…"
        onClose={() => setCustom(false)}
        footer={
          <>
            <button type="button" className="btn" onClick={() => setCustom(false)}>
              Cancel
            </button>
            <button
              type="button"
              className="btn btn-primary"
              disabled={!valid}
              onClick={() => {
                setCustom(false);
                onIgnore({ [kind]: n });
              }}
            >
              Ignore
            </button>
          </>
        }
      >
        <div className="inline-fields">
          <label className="field">
            <span className="field-label">Until</span>
            <select className="input" value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
              <option value="ignoreCount">it happens N more times</option>
              <option value="ignoreUserCount">N more users are affected</option>
              <option value="ignoreDuration">N minutes have passed</option>
            </select>
          </label>
          <label className="field">
            <span className="field-label">N</span>
            <input
              className="input"
              type="number"
              min={1}
              value={amount}
              onChange={(e) => setAmount(e.target.value)}
            />
          </label>
        </div>
      </Dialog>
    </>
  );
}
