// The time window of the tag-monitoring pages, apart from tag-series.ts: the first-load prefetch
// reads it, and the chart helpers should load with the pages only.

/** The time windows the tag-monitoring pages offer, in hours; the API's default is the last. */
export const WINDOWS = [1, 6, 24] as const;
export const DEFAULT_HOURS = 24;

/** The window a URL asks for (`?hours=`), or the default when it names none we offer. */
export function readHours(search: string): number {
  const h = Number(new URLSearchParams(search).get('hours'));
  return (WINDOWS as readonly number[]).includes(h) ? h : DEFAULT_HOURS;
}

/** The `?hours=` of a link: none for the default window, so the usual URL stays short. */
export function hoursParam(hours: number): number | undefined {
  return hours === DEFAULT_HOURS ? undefined : hours;
}
