import type { ReactNode } from 'react';

/** One section of the settings page, with its anchor (#keys, #api-tokens …). */
export function SettingsSection({
  id,
  title,
  description,
  children,
}: {
  id: string;
  title: string;
  description: string;
  children: ReactNode;
}) {
  return (
    <section id={id} className="settings-section" aria-labelledby={`${id}-title`}>
      <header>
        <h2 id={`${id}-title`}>{title}</h2>
        <p className="muted small">{description}</p>
      </header>
      <div className="settings-body">{children}</div>
    </section>
  );
}
