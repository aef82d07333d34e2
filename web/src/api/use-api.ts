import { useEffect, useState, useSyncExternalStore } from 'react';
import { ApiError, request } from './client';

interface CacheEntry {
  data: unknown;
  headers: Headers;
  at: number;
  /** The URL's generation the answer was fetched in. */
  generation: number;
}

const FRESH_MS = 2000;

// Answers seen so far, by URL: going back to a page shows it at once while it is fetched again.
const cache = new Map<string, CacheEntry>();
// Bumped per URL by invalidate(): views showing that URL fetch it again (keeping the old answer meanwhile).
const generations = new Map<string, number>();
// Bumped per URL by prime(): views showing that URL re-render with the new answer.
const revisions = new Map<string, number>();
const listeners = new Set<() => void>();

function bump(): void {
  for (const l of listeners) l();
}

// How many mounted views show each URL.
const shown = new Map<string, number>();

/**
 * After a change: answers on screen are fetched again (and kept until the new one arrives, so nothing
 * flickers); answers nobody shows are dropped, so no view ever opens on data from before the change.
 */
export function invalidate(...prefixes: string[]): void {
  for (const key of [...cache.keys(), ...inflight.keys()]) {
    if (!prefixes.some((p) => key.startsWith(p))) continue;
    generations.set(key, (generations.get(key) ?? 0) + 1);
    inflight.delete(key);
    if (!shown.get(key)) cache.delete(key);
  }
  bump();
}

/** Puts an answer in the cache (e.g. the result of a mutation), so views showing it update at once. */
export function prime(url: string, data: unknown): void {
  const prev = cache.get(url);
  cache.set(url, {
    data,
    headers: prev?.headers ?? new Headers(),
    at: Date.now(),
    generation: generations.get(url) ?? 0,
  });
  revisions.set(url, (revisions.get(url) ?? 0) + 1);
  bump();
}

/** The cached answer for a URL, if any. */
export function peek<T>(url: string): T | undefined {
  return cache.get(url)?.data as T | undefined;
}

export interface ApiState<T> {
  data: T | undefined;
  headers: Headers | undefined;
  error: ApiError | undefined;
  /** True while the first answer for this URL is awaited (not while a cached one is refreshed). */
  loading: boolean;
  reload(): void;
}

const inflight = new Map<string, Promise<void>>();

/** One GET per URL at a time; the answer lands in the cache and every view showing it re-renders. */
function fetchOnce(url: string): Promise<void> {
  const running = inflight.get(url);
  if (running) return running;
  const gen = generations.get(url) ?? 0;
  const p = request<unknown>('GET', url)
    .then((r) => {
      // An answer from before an invalidation may predate the change that caused it.
      if ((generations.get(url) ?? 0) !== gen) return;
      cache.set(url, { data: r.data, headers: r.headers, at: Date.now(), generation: gen });
      revisions.set(url, (revisions.get(url) ?? 0) + 1);
      bump();
    })
    .finally(() => {
      if (inflight.get(url) === p) inflight.delete(url);
    });
  inflight.set(url, p);
  return p;
}

/** Starts fetching `url` into the cache now (errors are left for the view that shows it). */
export function prefetch(url: string): void {
  fetchOnce(url).catch(() => undefined);
}

/** GETs `url` (null: nothing to fetch) and re-renders with the answer; cached per URL. */
export function useApi<T>(url: string | null): ApiState<T> {
  const snapshot = useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => (url === null ? '0.0' : `${generations.get(url) ?? 0}.${revisions.get(url) ?? 0}`),
  );
  const v = snapshot.split('.')[0];
  const [error, setError] = useState<{ url: string; error: ApiError } | undefined>();

  useEffect(() => {
    if (url === null) return;
    shown.set(url, (shown.get(url) ?? 0) + 1);
    return () => {
      const n = (shown.get(url) ?? 1) - 1;
      if (n > 0) shown.set(url, n);
      else shown.delete(url);
    };
  }, [url]);

  useEffect(() => {
    if (url === null) return;
    // An answer fetched a moment ago (a prefetch, another view) is not asked for again.
    const cached = cache.get(url);
    if (cached && Date.now() - cached.at < FRESH_MS && (generations.get(url) ?? 0) === cached.generation)
      return;
    let live = true;
    fetchOnce(url).then(
      () => live && setError(undefined),
      (err: unknown) => {
        if (live) setError({ url, error: err instanceof ApiError ? err : new ApiError(0, String(err)) });
      },
    );
    return () => {
      live = false;
    };
    // `v` refetches after an invalidation.
  }, [url, v]);

  const entry = url === null ? undefined : cache.get(url);
  const err = error && error.url === url ? error.error : undefined;
  return {
    data: entry?.data as T | undefined,
    headers: entry?.headers,
    error: err,
    loading: url !== null && entry === undefined && err === undefined,
    reload: () => {
      if (url !== null) invalidate(url);
    },
  };
}

/**
 * Fetches the answers under `prefixes` again every `ms` while the page is visible (the tag-monitoring
 * pages watch live data); the old answers stay on screen until the new ones arrive.
 */
export function useRefresh(ms: number, ...prefixes: string[]): void {
  const key = prefixes.join('\n');
  useEffect(() => {
    const list = key.split('\n');
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') invalidate(...list);
    }, ms);
    return () => clearInterval(timer);
  }, [ms, key]);
}
