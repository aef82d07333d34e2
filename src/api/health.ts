import type { FastifyInstance } from 'fastify';
import { isDatabaseReachable, type Database } from '../storage/db.js';
import type { IntakeSpool } from '../storage/intake-spool.js';

/** `/healthz`: the process answers. `/readyz`: the database answers and the intake spool takes writes. */
export async function healthRoutes(app: FastifyInstance, deps: { database: Database; spool: IntakeSpool }) {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const database = await isDatabaseReachable(deps.database);
    const intake = deps.spool.isWritable();
    const ok = database && intake;
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'unavailable', database, intake });
  });
}
