import '@tollgate/react/styles.css';
import './demo.css';
import { TollgateProvider } from '@tollgate/react';
import { createRoot } from 'react-dom/client';
import { DemoApp, type DemoData } from './demo-app.tsx';

/** The signed-in `demo_user`'s customer token, minted by the dev server as an app's backend would. */
async function getToken(): Promise<string> {
  const body = (await (await fetch('/demo/token')).json()) as { token: string };
  return body.token;
}

const data = JSON.parse(document.getElementById('demo-data')?.textContent ?? '{}') as DemoData;
const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <TollgateProvider baseUrl="/" getToken={getToken}>
      <DemoApp data={data} />
    </TollgateProvider>,
  );
}
