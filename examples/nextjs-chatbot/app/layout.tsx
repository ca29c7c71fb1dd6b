import '@tollgate/react/styles.css';
import './globals.css';
import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { Nav } from '../components/nav.tsx';
import { Providers } from '../components/providers.tsx';
import { currentUser } from '../lib/session.ts';

export const metadata: Metadata = { title: 'Chatbot', description: "Seed 004's AI chatbot on Tollgate" };
export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  return (
    <html lang="en">
      <body>
        <a className="skip" href="#main">
          Skip to content
        </a>
        <header className="top">
          <span className="brand">Chatbot</span>
          {user ? <Nav user={user} /> : null}
        </header>
        <main id="main">{user ? <Providers>{children}</Providers> : children}</main>
      </body>
    </html>
  );
}
