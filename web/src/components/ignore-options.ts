/** Sentry's "ignore until" choices, as the statusDetails the API takes. */
export interface IgnoreChoice {
  label: string;
  details: Record<string, number>;
}

export const IGNORE_CHOICES: { heading: string; items: IgnoreChoice[] }[] = [
  {
    heading: 'For a while',
    items: [
      { label: 'For 30 minutes', details: { ignoreDuration: 30 } },
      { label: 'For 2 hours', details: { ignoreDuration: 120 } },
      { label: 'For 24 hours', details: { ignoreDuration: 1440 } },
      { label: 'For 1 week', details: { ignoreDuration: 10080 } },
    ],
  },
  {
    heading: 'Until it happens again',
    items: [
      { label: '10 more times', details: { ignoreCount: 10 } },
      { label: '100 more times', details: { ignoreCount: 100 } },
      { label: '1,000 more times', details: { ignoreCount: 1000 } },
    ],
  },
  {
    heading: 'Until more users are affected',
    items: [
      { label: '10 more users', details: { ignoreUserCount: 10 } },
      { label: '100 more users', details: { ignoreUserCount: 100 } },
    ],
  },
];
