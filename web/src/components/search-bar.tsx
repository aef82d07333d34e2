import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { endpoints } from '../api/client';
import type { Release } from '../api/types';
import { useApi } from '../api/use-api';
import { applySuggestion, suggest, tokenAt, type Suggestion } from '../search-suggestions';

interface TagKey {
  key: string;
}
interface TagValue {
  value: string;
}

/**
 * The issue search: Sentry's syntax, with suggestions for keys (built-in and the project's tag keys)
 * and their values (levels, releases, environments, tag values). Enter searches; `/` focuses it.
 */
export function SearchBar({
  org,
  project,
  value,
  onSubmit,
}: {
  org: string;
  project: string;
  value: string;
  onSubmit: (query: string) => void;
}) {
  const [text, setText] = useState(value);
  const [caret, setCaret] = useState(value.length);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const input = useRef<HTMLInputElement>(null);
  const listId = useId();

  useEffect(() => setText(value), [value]);

  // `/` anywhere (outside a field) jumps to the search, as on GitHub and Sentry.
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      const t = e.target as HTMLElement;
      if (e.key !== '/' || e.metaKey || e.ctrlKey || t.closest('input, textarea, select, [contenteditable]'))
        return;
      e.preventDefault();
      input.current?.focus();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const token = tokenAt(text, caret);
  const tags = useApi<TagKey[]>(open ? endpoints.projectTags(org, project) : null);
  const releases = useApi<Release[]>(
    open && token.key === 'release' ? endpoints.projectReleases(org, project) : null,
  );
  const valueKey =
    open &&
    token.key &&
    !['is', 'level', 'has', 'release', 'lastSeen', 'firstSeen', 'times_seen'].includes(token.key)
      ? token.key
      : null;
  const tagValues = useApi<TagValue[]>(valueKey ? endpoints.projectTagValues(org, project, valueKey) : null);

  const tagKeys = useMemo(() => (Array.isArray(tags.data) ? tags.data.map((t) => t.key) : []), [tags.data]);
  const suggestions: Suggestion[] = open
    ? suggest(token, tagKeys, (key) => {
        if (key === 'release') return (releases.data ?? []).map((r) => r.version);
        return Array.isArray(tagValues.data) ? tagValues.data.map((v) => v.value) : [];
      })
    : [];
  const showList = open && suggestions.length > 0;

  const choose = (s: Suggestion) => {
    const next = applySuggestion(text, token, s);
    setText(next.text);
    setCaret(next.caret);
    setActive(-1);
    requestAnimationFrame(() => {
      input.current?.setSelectionRange(next.caret, next.caret);
    });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' && showList) {
      e.preventDefault();
      setActive((a) => (a + 1) % suggestions.length);
    } else if (e.key === 'ArrowUp' && showList) {
      e.preventDefault();
      setActive((a) => (a <= 0 ? suggestions.length - 1 : a - 1));
    } else if ((e.key === 'Enter' || e.key === 'Tab') && showList && active >= 0) {
      e.preventDefault();
      choose(suggestions[active]!);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      setOpen(false);
      onSubmit(text.trim());
    } else if (e.key === 'Escape') {
      if (showList) {
        e.preventDefault();
        setOpen(false);
      } else input.current?.blur();
    }
  };

  return (
    <form
      className="search"
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit(text.trim());
      }}
    >
      <svg className="search-icon" width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">
        <circle cx="7" cy="7" r="5" fill="none" stroke="currentColor" strokeWidth="1.6" />
        <path d="M11 11l3.5 3.5" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
      </svg>
      <input
        ref={input}
        className="search-input"
        type="search"
        name="query"
        aria-label="Search issues"
        placeholder="Search issues: text, is:, level:, release:, tag:value…"
        autoComplete="off"
        spellCheck={false}
        role="combobox"
        aria-expanded={showList}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={showList && active >= 0 ? `${listId}-${active}` : undefined}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setCaret(e.target.selectionStart ?? e.target.value.length);
          setOpen(true);
          setActive(-1);
        }}
        onSelect={(e) => setCaret(e.currentTarget.selectionStart ?? text.length)}
        onFocus={() => setOpen(true)}
        onBlur={() => window.setTimeout(() => setOpen(false), 120)}
        onKeyDown={onKeyDown}
      />
      <kbd className="search-kbd" aria-hidden="true">
        /
      </kbd>
      <ul
        id={listId}
        role="listbox"
        aria-label="Search suggestions"
        className="suggestions"
        hidden={!showList}
      >
        {suggestions.map((s, i) => (
          <li
            key={`${s.insert}-${i}`}
            id={`${listId}-${i}`}
            role="option"
            aria-selected={i === active}
            className={i === active ? 'active' : undefined}
            onMouseDown={(e) => {
              e.preventDefault();
              choose(s);
            }}
          >
            <span className={`suggestion-label ${s.kind}`}>{s.label}</span>
            {s.description && <span className="suggestion-description">{s.description}</span>}
          </li>
        ))}
      </ul>
    </form>
  );
}
