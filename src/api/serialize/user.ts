/** A user as the auth endpoints show it (`{id, email, createdAt}` per the collector contract). */
export function serializeUser(u: { id: number; email: string; createdAt?: number; isSuperuser?: boolean }) {
  return {
    id: String(u.id),
    email: u.email,
    ...(u.createdAt !== undefined ? { createdAt: Math.round(u.createdAt * 1000) } : {}),
    ...(u.isSuperuser !== undefined ? { isSuperuser: u.isSuperuser } : {}),
  };
}
