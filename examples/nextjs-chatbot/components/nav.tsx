'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

const LINKS = [
  ['/', 'Chat'],
  ['/agents', 'Agents'],
  ['/marketplace', 'Marketplace'],
  ['/pricing', 'Pricing'],
  ['/billing', 'Billing'],
] as const;

export function Nav({ user }: { user: string }) {
  const path = usePathname();
  return (
    <nav aria-label="Main">
      <ul>
        {LINKS.map(([href, label]) => (
          <li key={href}>
            <Link href={href} aria-current={path === href ? 'page' : undefined}>
              {label}
            </Link>
          </li>
        ))}
      </ul>
      <span className="user">{user}</span>
    </nav>
  );
}
