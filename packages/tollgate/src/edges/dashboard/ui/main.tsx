import { useEffect, useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { CustomerPage } from './pages/customer.tsx';
import { CustomersPage } from './pages/customers.tsx';
import { DeliveriesPage } from './pages/deliveries.tsx';
import { EventsPage } from './pages/events.tsx';
import { OverviewPage } from './pages/overview.tsx';
import { SubscriptionsPage } from './pages/subscriptions.tsx';
import { UsagePage } from './pages/usage.tsx';

const NAV = [
  ['#/', 'Overview'],
  ['#/customers', 'Customers'],
  ['#/subscriptions', 'Subscriptions'],
  ['#/events', 'Events'],
  ['#/deliveries', 'Deliveries'],
  ['#/usage', 'Usage'],
] as const;

function useHash(): string {
  const [hash, setHash] = useState(window.location.hash || '#/');
  useEffect(() => {
    const on = () => setHash(window.location.hash || '#/');
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return hash;
}

function Page({ hash }: { hash: string }) {
  const [path = '/', search = ''] = hash.slice(1).split('?');
  const query = new URLSearchParams(search);
  const customer = /^\/customers\/(.+)$/.exec(path);
  if (customer?.[1]) return <CustomerPage id={decodeURIComponent(customer[1])} />;
  switch (path) {
    case '/customers':
      return <CustomersPage query={query} />;
    case '/subscriptions':
      return <SubscriptionsPage query={query} />;
    case '/events':
      return <EventsPage query={query} />;
    case '/deliveries':
      return <DeliveriesPage />;
    case '/usage':
      return <UsagePage query={query} />;
    default:
      return <OverviewPage />;
  }
}

function App() {
  const hash = useHash();
  const section = `#/${hash.slice(2).split(/[/?]/)[0] ?? ''}`;
  const first = useRef(true);
  // After a navigation, focus moves to the new page's content (not on the first load: Tab starts at the skip link).
  useEffect(() => {
    if (first.current) first.current = false;
    else document.getElementById('main')?.focus({ preventScroll: true });
  }, [hash]);
  return (
    <>
      <a
        className="skip"
        href="#main"
        onClick={(e) => {
          e.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        Skip to content
      </a>
      <header>
        <span className="brand">Tollgate</span>
        <nav aria-label="Dashboard">
          {NAV.map(([href, label]) => (
            <a key={href} href={href} aria-current={section === href ? 'page' : undefined}>
              {label}
            </a>
          ))}
        </nav>
        <form method="post" action="/admin/session/end" className="signout">
          <button type="submit">Sign out</button>
        </form>
      </header>
      <main id="main" tabIndex={-1}>
        <Page key={hash} hash={hash} />
      </main>
    </>
  );
}

const root = document.getElementById('root');
if (root) createRoot(root).render(<App />);
