import type { Kysely } from 'kysely';
import type { Schema } from '../storage/schema.js';
import type { FailureThrottle } from '../lib/throttle.js';

/** What every API route may use. */
export interface ApiDeps {
  db: Kysely<Schema>;
  /** Public base URL, for DSNs and links. */
  publicUrl: string;
  loginThrottle: FailureThrottle;
  /** How long a dashboard session lives, in seconds. */
  sessionTtlSeconds: number;
}
