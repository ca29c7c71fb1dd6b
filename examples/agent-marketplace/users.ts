import { randomBytes } from 'node:crypto';
import type { AuthenticateHook } from 'tollgate';

/** A signed-in user of the marketplace: the app's own id is Tollgate's customer id. */
export interface User {
  id: string;
  email: string;
}

/**
 * Stand-in for the app's own accounts (seed 001 issues bearer tokens from its
 * own sign-in): users and the tokens they were given. Tollgate never sees a
 * password or a token, only the user id this lookup answers.
 */
export interface Users {
  /** Signs a user in: the bearer token the app hands the front end. */
  signIn(user: User): string;
  byToken(token: string): User | undefined;
}

export function createUsers(): Users {
  const tokens = new Map<string, User>();
  return {
    signIn(user) {
      const token = `tok_${randomBytes(18).toString('base64url')}`;
      tokens.set(token, user);
      return token;
    },
    byToken: (token) => tokens.get(token),
  };
}

/** The user behind `Authorization: Bearer <token>`, or undefined. */
export function userOf(users: Users, authorization: string | null | undefined): User | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  return match?.[1] ? users.byToken(match[1]) : undefined;
}

/**
 * Tollgate's `authenticate` hook: the engine's own routes (check, usage,
 * plans...) act for the signed-in user, and only for them. The seed's billing
 * routes use the same hook, so one rule decides who a request is.
 */
export function bearerUsers(users: Users): AuthenticateHook {
  return (request) => {
    const user = userOf(users, request.headers.get('authorization'));
    return user ? { customer: user.id, id: `user:${user.id}` } : null;
  };
}
