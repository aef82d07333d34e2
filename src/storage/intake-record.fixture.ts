import type { IntakeRecord } from './intake-spool.js';

/** For the spool's tests: the `i`th record, with an event id and a body that both name `i`. */
export const intakeRecord = (i: number): IntakeRecord => ({
  projectId: 1,
  kind: 'envelope',
  eventId: i.toString(16).padStart(32, '0'),
  receivedAt: 1,
  body: Buffer.from(`{"n":${i}}`),
});
