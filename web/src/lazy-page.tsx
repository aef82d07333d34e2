import { useEffect, useState, type ComponentType, type ReactNode } from 'react';

interface Entry {
  value?: unknown;
  error?: unknown;
  promise: Promise<unknown>;
}

// One load per page module; once loaded, a page renders at once, with no Suspense round.
const modules = new Map<() => Promise<unknown>, Entry>();

/** Starts loading a page's code (idempotent); prefetch calls it before React renders. */
export function preload<T>(load: () => Promise<T>): Promise<T> {
  let entry = modules.get(load);
  if (!entry) {
    const e: Entry = { promise: Promise.resolve() };
    e.promise = load().then(
      (value) => (e.value = value),
      (error: unknown) => {
        e.error = error;
      },
    );
    modules.set(load, (entry = e));
  }
  return entry.promise as Promise<T>;
}

/**
 * A page whose code loads on demand. The road not taken: React.lazy with Suspense, which holds
 * even already-loaded content back for up to 300 ms in React 19 (Suspense reveal throttling).
 */
export function LazyPage<P extends object>({
  load,
  props,
  fallback,
}: {
  load: () => Promise<ComponentType<P>>;
  props: P;
  fallback: ReactNode;
}) {
  const [, setLoaded] = useState(0);
  const entry = modules.get(load);
  const Component = entry?.value as ComponentType<P> | undefined;
  useEffect(() => {
    if (Component) return;
    let live = true;
    void preload(load).then(() => live && setLoaded((n) => n + 1));
    return () => {
      live = false;
    };
  }, [load, Component]);
  if (entry?.error !== undefined) {
    return (
      <div className="page narrow">
        <div className="card empty-card" role="alert">
          <h1 className="page-title">This page could not be loaded</h1>
          <p className="muted">Faultline may have been updated. Reload to get the new version.</p>
          <button type="button" className="btn btn-primary" onClick={() => window.location.reload()}>
            Reload
          </button>
        </div>
      </div>
    );
  }
  return Component ? <Component {...props} /> : <>{fallback}</>;
}
