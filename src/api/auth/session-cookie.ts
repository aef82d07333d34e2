import type { FastifyReply } from 'fastify';
import { SESSION_COOKIE } from './request-auth.js';

/** Sets the HttpOnly session cookie the dashboard uses (scripts cannot read it; other sites cannot send it). */
export function setSessionCookie(reply: FastifyReply, token: string, maxAgeSeconds: number): void {
  reply.header(
    'set-cookie',
    `${SESSION_COOKIE}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}`,
  );
}

/** Clears the session cookie. */
export function clearSessionCookie(reply: FastifyReply): void {
  reply.header('set-cookie', `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`);
}
