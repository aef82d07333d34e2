import type { Me } from '../api/types';
import { navigate, paths } from '../router';
import { useSession } from '../session';
import { Menu } from './menu';

/** The signed-in person: their email, API tokens, and signing out. */
export function UserMenu({
  me,
  org,
  project,
}: {
  me: Me;
  org: string | undefined;
  project: string | undefined;
}) {
  const { signOut } = useSession();
  const initial = me.user.email.slice(0, 1).toUpperCase();
  return (
    <Menu
      label={`Account: ${me.user.email}`}
      className="avatar-button"
      align="end"
      items={[
        { kind: 'heading', label: me.user.email },
        ...(org && project
          ? [{ label: 'API tokens', onSelect: () => navigate(paths.settings(org, project, 'api-tokens')) }]
          : []),
        { label: 'New organization or project', onSelect: () => navigate(paths.setup(org)) },
        { kind: 'separator' as const },
        { label: 'Sign out', onSelect: () => void signOut() },
      ]}
    >
      <span className="avatar" aria-hidden="true">
        {initial}
      </span>
    </Menu>
  );
}
