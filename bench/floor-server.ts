/**
 * The floor: a bare node:http server that reads the request body and answers 200 `{}`. Faultline's
 * ingest throughput is reported as a fraction of this, on the same CPU, with the same load, so the
 * figure says what Faultline's own work costs rather than how fast the machine is.
 *
 * Run as a process: `node --import tsx bench/floor-server.ts <port>`; prints "listening on <url>".
 */
import http from 'node:http';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Starts the floor server on 127.0.0.1:`port`. */
export async function startFloorServer(port: number): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    // Read every byte, as an ingest endpoint must, but do nothing with them.
    req.on('data', () => undefined);
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '2' });
      res.end('{}');
    });
  });
  // Same keep-alive as Faultline's Fastify setup, so idle connections are not a difference.
  server.keepAliveTimeout = 65_000;
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  return server;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const port = Number(process.argv[2] ?? 0);
  const server = await startFloorServer(port);
  const address = server.address();
  console.log(
    `floor server listening on http://127.0.0.1:${typeof address === 'object' && address ? address.port : port}`,
  );
  process.on('SIGTERM', () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
