import type { ReactNode } from 'react';

/** A titled block of the event view; `id` makes it linkable (#breadcrumbs). */
export function Section({
  id,
  title,
  actions,
  children,
  className,
}: {
  id?: string;
  title: string;
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
}) {
  const headingId = id ? `${id}-heading` : undefined;
  return (
    <section id={id} className={`section${className ? ` ${className}` : ''}`} aria-labelledby={headingId}>
      <header className="section-header">
        <h2 id={headingId}>{title}</h2>
        {actions && <div className="section-actions">{actions}</div>}
      </header>
      {children}
    </section>
  );
}
