import { CopyButton } from './copy-button';

/** Preformatted code with a copy button. */
export function CodeBlock({ code, label = 'Copy' }: { code: string; label?: string }) {
  return (
    <div className="code-block">
      <pre>
        <code>{code}</code>
      </pre>
      <CopyButton text={code} label={label} className="code-copy" />
    </div>
  );
}
