/** How to point each platform's official Sentry SDK at Faultline: only the DSN changes. */
export interface PlatformGuide {
  id: string;
  label: string;
  install: string;
  code: (dsn: string) => string;
}

export const PLATFORMS: PlatformGuide[] = [
  {
    id: 'node',
    label: 'Node.js',
    install: 'npm install @sentry/node',
    code: (dsn) => `// instrument.mjs — load it first: node --import ./instrument.mjs app.mjs
import * as Sentry from '@sentry/node';

Sentry.init({
  dsn: '${dsn}',
  release: process.env.APP_VERSION,
  environment: process.env.NODE_ENV,
});`,
  },
  {
    id: 'javascript',
    label: 'Browser',
    install: 'npm install @sentry/browser',
    code: (dsn) => `import * as Sentry from '@sentry/browser';

Sentry.init({
  dsn: '${dsn}',
  release: import.meta.env.VITE_APP_VERSION,
});`,
  },
  {
    id: 'python',
    label: 'Python',
    install: 'pip install sentry-sdk',
    code: (dsn) => `import sentry_sdk

sentry_sdk.init(
    dsn="${dsn}",
    release="my-app@1.0.0",
    environment="production",
)`,
  },
  {
    id: 'go',
    label: 'Go',
    install: 'go get github.com/getsentry/sentry-go',
    code: (dsn) => `err := sentry.Init(sentry.ClientOptions{
    Dsn:     "${dsn}",
    Release: "my-app@1.0.0",
})
if err != nil {
    log.Fatalf("sentry.Init: %s", err)
}
defer sentry.Flush(2 * time.Second)`,
  },
  {
    id: 'java',
    label: 'Java',
    install: "implementation 'io.sentry:sentry:7.+'",
    code: (dsn) => `Sentry.init(options -> {
    options.setDsn("${dsn}");
    options.setRelease("my-app@1.0.0");
});`,
  },
  {
    id: 'ruby',
    label: 'Ruby',
    install: 'bundle add sentry-ruby',
    code: (dsn) => `Sentry.init do |config|
  config.dsn = '${dsn}'
  config.release = 'my-app@1.0.0'
end`,
  },
  {
    id: 'php',
    label: 'PHP',
    install: 'composer require sentry/sentry',
    code: (dsn) => `\\Sentry\\init([
    'dsn' => '${dsn}',
    'release' => 'my-app@1.0.0',
]);`,
  },
  {
    id: 'dotnet',
    label: '.NET',
    install: 'dotnet add package Sentry',
    code: (dsn) => `SentrySdk.Init(options =>
{
    options.Dsn = "${dsn}";
    options.Release = "my-app@1.0.0";
});`,
  },
  {
    id: 'react-native',
    label: 'React Native',
    install: 'npx expo install @sentry/react-native',
    code: (dsn) => `import * as Sentry from '@sentry/react-native';

Sentry.init({ dsn: '${dsn}' });`,
  },
];

/** The guide for a project's platform (`javascript-react` → Browser), else Node. */
export function guideFor(platform: string | null | undefined): PlatformGuide {
  const p = platform ?? '';
  return PLATFORMS.find((g) => g.id === p) ?? PLATFORMS.find((g) => p.startsWith(g.id)) ?? PLATFORMS[0]!;
}
