import { createHash } from 'node:crypto';
import type { NormalizedEvent } from '../protocol/event.js';

/**
 * Who the event happened to, for distinct-user counts: the user id, else the email or username,
 * else the IP address; undefined when the event says nothing about its user.
 */
export function userKey(event: NormalizedEvent): string | undefined {
  const u = event.user;
  if (!u) return undefined;
  if (u.id !== undefined && u.id !== null && u.id !== '') return `id:${String(u.id)}`;
  if (typeof u.email === 'string' && u.email) return `email:${u.email.toLowerCase()}`;
  if (typeof u.username === 'string' && u.username) return `username:${u.username}`;
  // Hashed: the key is stored, and projects that do not keep IP addresses must not keep them here.
  if (typeof u.ip_address === 'string' && u.ip_address && u.ip_address !== '{{auto}}') {
    return `ip:${createHash('sha256').update(u.ip_address).digest('hex').slice(0, 24)}`;
  }
  return undefined;
}
