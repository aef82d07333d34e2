import { useState } from 'react';
import { endpoints } from '../api/client';
import type { Assignee, Member } from '../api/types';
import { useApi } from '../api/use-api';
import { useSession } from '../session';
import { AssigneeAvatar } from './assignee-avatar';
import { Dialog } from './dialog';
import { Menu, type MenuItem } from './menu';

/** Assign to me, to a member of the organization, to anyone by email, or to nobody. */
export function AssignMenu({
  org,
  assignee,
  onAssign,
}: {
  org: string;
  assignee: Assignee | null;
  onAssign: (to: string | null) => void;
}) {
  const { state } = useSession();
  const members = useApi<Member[]>(endpoints.orgMembers(org));
  const [other, setOther] = useState(false);
  const [email, setEmail] = useState('');
  const me = state.status === 'signedIn' ? state.me.user : undefined;
  const items: MenuItem[] = [];
  if (me)
    items.push({
      label: `Me (${me.email})`,
      checked: assignee?.id === me.id,
      onSelect: () => onAssign(`user:${me.id}`),
    });
  const list = Array.isArray(members.data) ? members.data : [];
  for (const m of list) {
    const id = m.user?.id ?? m.id;
    const mail = m.user?.email ?? m.email;
    if (id === me?.id) continue;
    items.push({ label: mail, checked: assignee?.id === id, onSelect: () => onAssign(`user:${id}`) });
  }
  items.push({ label: 'Someone else…', onSelect: () => setOther(true) });
  if (assignee) items.push({ kind: 'separator' }, { label: 'Unassign', onSelect: () => onAssign(null) });
  return (
    <>
      <Menu
        label={assignee ? `Assigned to ${assignee.email}. Change assignee` : 'Assign'}
        items={items}
        align="end"
      >
        <AssigneeAvatar assignee={assignee} size={18} />
        <span className="hide-narrow">{assignee ? assignee.email.split('@')[0] : 'Assign'}</span>
        <span className="chevron" aria-hidden="true" />
      </Menu>
      <Dialog
        open={other}
        title="Assign to…"
        onClose={() => setOther(false)}
        footer={
          <>
            <button type="button" className="btn" onClick={() => setOther(false)}>
              Cancel
            </button>
            <button
              type="button"
              className="btn btn-primary"
              disabled={!email.includes('@')}
              onClick={() => {
                setOther(false);
                onAssign(email.trim());
              }}
            >
              Assign
            </button>
          </>
        }
      >
        <label className="field">
          <span className="field-label">Email of a member of this organization</span>
          <input className="input" type="email" value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
      </Dialog>
    </>
  );
}
