'use client';

import { TollgateProvider } from '@tollgate/react';
import type { ReactNode } from 'react';

async function getToken(): Promise<string> {
  const response = await fetch('/api/token', { method: 'POST' });
  const body = (await response.json()) as { token?: string; error?: { message: string } };
  if (!body.token) throw new Error(body.error?.message ?? 'Sign in first');
  return body.token;
}

/** @tollgate/react for the signed-in user: Tollgate's API on this origin, tokens from /api/token. */
export function Providers({ children }: { children: ReactNode }) {
  return (
    <TollgateProvider baseUrl="/" getToken={getToken}>
      {children}
    </TollgateProvider>
  );
}
