import { z } from 'zod';

/** `{org}/{project}` path parameters. */
export const projectParams = z.object({
  org: z.string().min(1).max(100),
  project: z.string().min(1).max(100),
});
