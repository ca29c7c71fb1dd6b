import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';

/**
 * Stand-in for the app's sign-in (seed 004 uses its auth provider's
 * session): the signed-in user's id lives in a cookie set by /signin.
 */
export const USER_COOKIE = 'chatbot_user';

export async function currentUser(): Promise<string | undefined> {
  const value = (await cookies()).get(USER_COOKIE)?.value;
  return value && /^[a-z0-9_-]{1,40}$/i.test(value) ? value : undefined;
}

/** The signed-in user, or a redirect to /signin. */
export async function requireUser(): Promise<string> {
  const user = await currentUser();
  if (!user) redirect('/signin');
  return user;
}

/** The origin the browser used (Checkout and the portal send it back here). */
export function appOrigin(): string {
  return process.env.APP_URL ?? `http://localhost:${process.env.PORT ?? '3000'}`;
}
