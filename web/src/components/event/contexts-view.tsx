import { KeyValueTable } from '../key-value-table';
import { Section } from '../section';

const ORDER = ['user', 'browser', 'os', 'device', 'runtime', 'app', 'culture', 'cloud_resource', 'trace'];
const TITLES: Record<string, string> = {
  user: 'User',
  browser: 'Browser',
  os: 'Operating system',
  client_os: 'Client OS',
  device: 'Device',
  runtime: 'Runtime',
  app: 'App',
  culture: 'Locale',
  trace: 'Trace',
  cloud_resource: 'Cloud',
  gpu: 'GPU',
  state: 'State',
};

/** The user and the environment the error happened in: one card per context. */
export function ContextsView({
  user,
  contexts,
}: {
  user: Record<string, unknown> | null;
  contexts: Record<string, Record<string, unknown>>;
}) {
  const cards: [string, Record<string, unknown>][] = [];
  if (user && Object.keys(user).length > 0) cards.push(['user', user]);
  for (const [k, v] of Object.entries(contexts)) if (v && typeof v === 'object') cards.push([k, v]);
  cards.sort((a, b) => {
    const ia = ORDER.indexOf(a[0]);
    const ib = ORDER.indexOf(b[0]);
    return (ia === -1 ? 99 : ia) - (ib === -1 ? 99 : ib);
  });
  if (cards.length === 0) return null;
  return (
    <Section id="contexts" title="Contexts">
      <div className="context-grid">
        {cards.map(([key, value]) => {
          const title =
            TITLES[key] ??
            (typeof value.type === 'string' && value.type !== key ? `${key} (${value.type})` : key);
          const rows = Object.entries(value).filter(([k]) => k !== 'type');
          return (
            <div key={key} className="context-card">
              <h3>{title}</h3>
              <KeyValueTable rows={rows} label={title} />
            </div>
          );
        })}
      </div>
    </Section>
  );
}
