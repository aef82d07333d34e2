const COLORS: Record<string, string> = {
  node: '#3c873a',
  javascript: '#d4a800',
  browser: '#d4a800',
  python: '#3572a5',
  go: '#00add8',
  java: '#b07219',
  ruby: '#cc342d',
  php: '#777bb3',
  dotnet: '#512bd4',
  csharp: '#512bd4',
  cocoa: '#f05138',
  ios: '#f05138',
  android: '#3ddc84',
  'react-native': '#61dafb',
  rust: '#dea584',
};

/** A platform's first letters on its colour: recognisable at a glance, no icon font to load. */
export function PlatformIcon({ platform }: { platform: string | null }) {
  const key = (platform ?? '').split('-')[0] ?? '';
  const color = COLORS[platform ?? ''] ?? COLORS[key] ?? '#71717a';
  const label = (platform ?? '?').replace(/^javascript-?/, 'js').slice(0, 2);
  return (
    <span className="platform-icon" style={{ background: color }} aria-hidden="true">
      {label}
    </span>
  );
}
