type Json = Record<string, unknown>;

const escape = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** A readable, dependency-free HTML rendering of the OpenAPI document. */
export function docsPage(document: Json): string {
  const info = document.info as { title: string; version: string; description: string };
  const paths = document.paths as Record<string, Record<string, Json>>;
  const sections = Object.entries(paths)
    .flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => {
        const params = ((op.parameters ?? []) as Json[]).map(
          (p) =>
            `<li><code>${escape(String(p.name))}</code>${p.required ? ' (required)' : ''} ${escape(typeof p.description === 'string' ? p.description : '')}</li>`,
        );
        const body = (op.requestBody as { content?: Record<string, { schema?: unknown; example?: unknown }> } | undefined)?.content?.['application/json'];
        return `<section><h3><span class="m">${method.toUpperCase()}</span> <code>${escape(path)}</code></h3>
<p>${escape(typeof op.summary === 'string' ? op.summary : '')}</p>${params.length ? `<ul>${params.join('')}</ul>` : ''}
${body ? `<details><summary>Request body</summary><pre>${escape(JSON.stringify(body.example ?? body.schema, null, 2))}</pre></details>` : ''}
<details><summary>Response</summary><pre>${escape(JSON.stringify((op.responses as Record<string, Json>)['200'] ?? (op.responses as Record<string, Json>)['201'], null, 2))}</pre></details></section>`;
      }),
    )
    .join('\n');
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escape(info.title)}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}code,pre{font-family:ui-monospace,monospace}
pre{background:#f5f5f5;padding:.75rem;overflow:auto}.m{font-size:.8em;background:#222;color:#fff;padding:.1em .4em;border-radius:3px}section{border-top:1px solid #ddd}</style></head>
<body><h1>${escape(info.title)} <small>${escape(info.version)}</small></h1><p>${escape(info.description)}</p>
<p>Machine-readable: <a href="openapi.json">openapi.json</a> (OpenAPI 3.1).</p>${sections}</body></html>`;
}
