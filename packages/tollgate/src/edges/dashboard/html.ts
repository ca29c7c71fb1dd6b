/** The dashboard's two server-rendered documents: the sign-in page (no script) and the app's shell. */

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const head = (title: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title><link rel="icon" href="data:,"><link rel="stylesheet" href="/admin/assets/signin.css"></head>`;

export function signInPage(options: { error?: string } = {}): string {
  return `${head('Sign in · Tollgate')}
<body class="signin"><main>
<h1>Tollgate</h1>
<p>Sign in to the operator dashboard with a secret API key (<code>tg_sk_…</code>). The key is exchanged for a session cookie and is not kept in the browser.</p>
<form method="post" action="/admin/session">
<label for="key">Secret key</label>
<input id="key" name="key" type="password" autocomplete="off" required autofocus spellcheck="false">
${options.error ? `<p class="error" role="alert">${escape(options.error)}</p>` : ''}
<button type="submit">Sign in</button>
</form>
<p class="hint">Create one with <code>tollgate keys create --name dashboard</code>; <code>tollgate dev</code> prints its dev key.</p>
</main></body></html>`;
}

export function shellPage(options: { csrf: string; expiresAt: Date }): string {
  return `${head('Tollgate dashboard')}
<body><meta name="tollgate-csrf" content="${escape(options.csrf)}"><meta name="tollgate-session-expires" content="${options.expiresAt.toISOString()}">
<link rel="stylesheet" href="/admin/assets/app.css">
<div id="root"></div>
<script type="module" src="/admin/assets/app.js"></script>
</body></html>`;
}
