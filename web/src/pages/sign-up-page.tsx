import { endpoints } from '../api/client';
import { AuthForm } from '../components/auth-form';
import { Link } from '../components/link';
import { navigate, paths } from '../router';
import { useSession } from '../session';

/** Create an account; the first account on a new server becomes its administrator. */
export function SignUpPage({ next }: { next: string }) {
  const { refresh } = useSession();
  return (
    <AuthForm
      title="Create your account"
      subtitle="The first account on a new Faultline server becomes its administrator."
      submitLabel="Create account"
      endpoint={endpoints.register}
      passwordHint="At least 8 characters."
      onDone={async () => {
        const me = await refresh();
        navigate(me && me.organizations.length === 0 ? paths.setup() : next, { replace: true });
      }}
      footer={
        <>
          Already have an account? <Link href={paths.login(next === '/' ? undefined : next)}>Sign in</Link>
        </>
      }
    />
  );
}
