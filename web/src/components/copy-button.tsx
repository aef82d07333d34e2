import { useState } from 'react';

/** Copies `text` to the clipboard and says so for a moment. */
export function CopyButton({
  text,
  label = 'Copy',
  className,
}: {
  text: string;
  label?: string;
  className?: string;
}) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      // Clipboard access is refused on plain http: select-and-copy still works from the field itself.
      return;
    }
    setCopied(true);
    window.setTimeout(() => setCopied(false), 1500);
  };
  return (
    <button
      type="button"
      className={`btn btn-small${className ? ` ${className}` : ''}`}
      onClick={copy}
      aria-label={`${label}: ${text.length > 40 ? 'copy to clipboard' : text}`}
    >
      {copied ? 'Copied' : label}
    </button>
  );
}
