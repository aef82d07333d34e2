import { useState, type FormEvent } from 'react';
import { ApiError, api, endpoints } from '../../api/client';
import type { Member } from '../../api/types';
import { invalidate, useApi } from '../../api/use-api';
import { Skeleton } from '../skeleton';
import { toast } from '../toaster';

/** Who can see this organization's projects, and adding someone who already has an account. */
export function Members({ org }: { org: string }) {
  const url = endpoints.orgMembers(org);
  const members = useApi<Member[]>(url);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState('member');
  const [busy, setBusy] = useState(false);
  if (members.error)
    return (
      <p className="muted small">
        {members.error.status === 403
          ? 'You cannot see the members of this organization.'
          : members.error.detail}
      </p>
    );
  const add = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      await api.post(url, { email, role });
      setEmail('');
      invalidate(url);
      toast('Member added');
    } catch (err) {
      toast(err instanceof ApiError ? err.detail : String(err), 'error');
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <table className="table compact" aria-label="Members">
        <thead>
          <tr>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
          </tr>
        </thead>
        <tbody>
          {!members.data ? (
            [0, 1].map((i) => (
              <tr key={i}>
                <td>
                  <Skeleton width={180} height={13} />
                </td>
                <td>
                  <Skeleton width={60} height={13} />
                </td>
              </tr>
            ))
          ) : members.data.length === 0 ? (
            <tr>
              <td colSpan={2} className="muted">
                No members yet: superusers see every organization without being members.
              </td>
            </tr>
          ) : (
            members.data.map((m) => (
              <tr key={m.id}>
                <td>{m.email}</td>
                <td>
                  <span className="role-chip">{m.roleName ?? m.role}</span>
                </td>
              </tr>
            ))
          )}
        </tbody>
      </table>
      <form className="inline-form" onSubmit={add}>
        <label className="field grow">
          <span className="field-label">Add someone with an account</span>
          <input
            className="input"
            type="email"
            required
            placeholder="ada@example.com"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </label>
        <label className="field">
          <span className="field-label">Role</span>
          <select className="input" value={role} onChange={(e) => setRole(e.target.value)}>
            <option value="member">Member</option>
            <option value="admin">Admin</option>
            <option value="owner">Owner</option>
          </select>
        </label>
        <button type="submit" className="btn" disabled={busy}>
          Add member
        </button>
      </form>
    </>
  );
}
