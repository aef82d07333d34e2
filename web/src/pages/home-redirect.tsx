import { useEffect } from 'react';
import { PageSkeleton } from '../components/page-skeleton';
import { remembered } from '../project-context';
import { navigate, paths } from '../router';
import { useSession } from '../session';

/** `/` opens the issues of the organization last looked at (or the first one). */
export function HomeRedirect() {
  const { state } = useSession();
  useEffect(() => {
    if (state.status !== 'signedIn') return;
    const orgs = state.me.organizations;
    const last = remembered();
    const org = orgs.find((o) => o.slug === last) ?? orgs[0];
    navigate(org ? paths.issues(org.slug) : paths.setup(), { replace: true });
  }, [state]);
  return <PageSkeleton route={{ name: 'issues', org: '' }} />;
}
