import { CodeBlock } from '../code-block';
import { Section } from '../section';

/** The stored event exactly as kept, for what no other view shows. */
export function RawJson({ value, apiUrl }: { value: unknown; apiUrl: string }) {
  return (
    <Section
      id="json"
      title="Raw JSON"
      actions={
        <a className="btn btn-small" href={apiUrl} target="_blank" rel="noreferrer">
          Open in API
        </a>
      }
    >
      <CodeBlock code={JSON.stringify(value, null, 2)} label="Copy JSON" />
    </Section>
  );
}
