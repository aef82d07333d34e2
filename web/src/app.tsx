import { Routes } from './routes';
import { SessionProvider } from './session';
import { Toaster } from './components/toaster';

/** The dashboard: who is signed in decides between the sign-in pages and the app. */
export function App() {
  return (
    <SessionProvider>
      <Routes />
      <Toaster />
    </SessionProvider>
  );
}
