import { endpoints } from '../api/client';
import { AuthForm } from '../components/auth-form';
import { Link } from '../components/link';
import { navigate, paths } from '../router';
import { useSession } from '../session';

/** Sign in with email and password. */
export function SignInPage({ next }: { next: string }) {
  const { refresh } = useSession();
  return (
    <AuthForm
      title="Sign in"
      subtitle="Errors from your apps, grouped into issues, on your own server."
      submitLabel="Sign in"
      endpoint={endpoints.login}
      onDone={async () => {
        await refresh();
        navigate(next, { replace: true });
      }}
      footer={
        <>
          New here? <Link href={paths.signup(next === '/' ? undefined : next)}>Create an account</Link>
        </>
      }
    />
  );
}
