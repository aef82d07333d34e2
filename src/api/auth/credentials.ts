import { z } from 'zod';

/** Register and login bodies: the collector contract's `{email, password}`. */
export const credentialsBody = z.object({
  email: z.string().trim().toLowerCase().email().max(254),
  password: z.string().min(8, 'password must be at least 8 characters').max(1024),
});
