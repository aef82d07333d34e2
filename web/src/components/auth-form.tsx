import { useState, type FormEvent, type ReactNode } from 'react';
import { ApiError, api } from '../api/client';
import { Logo } from './logo';

/** The sign-in and sign-up card: email, password, one button, and the server's answer when it says no. */
export function AuthForm({
  title,
  subtitle,
  submitLabel,
  endpoint,
  passwordHint,
  onDone,
  footer,
}: {
  title: string;
  subtitle: string;
  submitLabel: string;
  endpoint: string;
  passwordHint?: string;
  onDone: () => Promise<void>;
  footer: ReactNode;
}) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await api.post(endpoint, { email, password });
      await onDone();
    } catch (err) {
      if (err instanceof ApiError) {
        const cause = err.causes.find((c) => c.startsWith('body.'))?.replace(/^body\.\w+: /, '');
        setError(err.status === 422 && cause && cause !== 'taken' ? `${err.detail}: ${cause}` : err.detail);
      } else setError(String(err));
      setBusy(false);
    }
  };

  return (
    <div className="auth-screen">
      <form className="auth-card" onSubmit={submit} aria-labelledby="auth-title">
        <div className="auth-brand">
          <Logo size={28} />
          <span>Faultline</span>
        </div>
        <h1 id="auth-title">{title}</h1>
        <p className="muted">{subtitle}</p>
        <label className="field">
          <span className="field-label">Email</span>
          <input
            className="input"
            type="email"
            name="email"
            autoComplete="email"
            required
            autoFocus
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </label>
        <label className="field">
          <span className="field-label">Password</span>
          <input
            className="input"
            type="password"
            name="password"
            autoComplete={passwordHint ? 'new-password' : 'current-password'}
            required
            minLength={passwordHint ? 8 : undefined}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
          {passwordHint && <span className="field-hint">{passwordHint}</span>}
        </label>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
          {busy ? 'One moment…' : submitLabel}
        </button>
        <div className="auth-footer">{footer}</div>
      </form>
    </div>
  );
}
