import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { ApiError, api, endpoints, setUnauthorizedHandler } from './api/client';
import type { Me } from './api/types';
import { navigate, paths } from './router';

export type SessionState =
  | { status: 'loading' }
  | { status: 'signedOut' }
  | { status: 'signedIn'; me: Me }
  | { status: 'unreachable'; message: string };

interface SessionApi {
  state: SessionState;
  /** Asks the server who is signed in (after sign-in, sign-up, or creating an organization). */
  refresh(): Promise<Me | undefined>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<SessionApi | undefined>(undefined);

// Asked as soon as the code loads, in parallel with the first page's other requests.
let firstAnswer: Promise<Me> | undefined = api.get<Me>(endpoints.me);
firstAnswer.catch(() => undefined);

/** Who is signed in, for every page; a 401 from any request sends the person back to sign in. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  const refresh = useCallback(async () => {
    try {
      const pending = firstAnswer;
      firstAnswer = undefined;
      const me = await (pending ?? api.get<Me>(endpoints.me));
      setState({ status: 'signedIn', me });
      return me;
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) setState({ status: 'signedOut' });
      else setState({ status: 'unreachable', message: err instanceof Error ? err.message : String(err) });
      return undefined;
    }
  }, []);

  useEffect(() => {
    void refresh();
    setUnauthorizedHandler(() => setState({ status: 'signedOut' }));
  }, [refresh]);

  const signOut = useCallback(async () => {
    try {
      await api.post(endpoints.logout);
    } finally {
      setState({ status: 'signedOut' });
      navigate(paths.login(), { replace: true });
    }
  }, []);

  return <SessionContext.Provider value={{ state, refresh, signOut }}>{children}</SessionContext.Provider>;
}

/** The session of the person using the dashboard. */
export function useSession(): SessionApi {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}
