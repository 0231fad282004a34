import { Hono } from 'hono';
import { openApiDocument } from './openapi.ts';

type Op = { summary?: string; parameters?: { name: string; in: string; required?: boolean }[]; responses?: Record<string, { description?: string }> };

/**
 * `/docs`: a readable page of the API document (`/openapi.json`, lib/http/openapi-routes.ts), served
 * without a CDN (offline-safe). Deployed it is the desk's (a page for people); the JSON is operator-api's.
 */
export function docsRoutes() {
  const app = new Hono();
  const doc = openApiDocument();
  app.get('/docs', (c) => {
    const paths = doc.paths as Record<string, Record<string, Op>>;
    return c.html(
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <title>API — after-sales webhook hub</title>
          <style>{`body{font:14px/1.5 system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem;color:#1f2937}
            .op{border:1px solid #e5e7eb;border-radius:6px;margin:.6rem 0;padding:.6rem .8rem}
            .m{display:inline-block;min-width:4.5rem;font-weight:700;text-transform:uppercase}
            .get{color:#2563eb}.post{color:#059669}.patch{color:#d97706}code{background:#f3f4f6;padding:0 .25rem;border-radius:3px}
            small{color:#6b7280}`}</style>
        </head>
        <body>
          <h1>after-sales webhook hub API</h1>
          <p>
            Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1, generated from the route schemas). Every route but <code>/webhooks/*</code>,{' '}
            <code>/health</code> and these docs needs <code>Authorization: Bearer &lt;token&gt;</code> — an operator token (<code>aftersales-hub operators add &lt;name&gt; --role viewer|agent|admin</code>) or{' '}
            <code>API_TOKEN</code> (the built-in <code>admin</code>) — or the browser session cookie from <code>POST /session</code>. Roles: <code>viewer</code> reads, <code>agent</code> also changes complaints,
            reveals contacts and retries notifications, <code>admin</code> also replays quarantine and manages operators. A state-changing request with the cookie must be same-origin and carry the
            page's CSRF token (<code>x-csrf-token</code> or <code>_csrf</code>), else 403 <code>csrf_failed</code>.
          </p>
          {Object.entries(paths).map(([path, ops]) =>
            Object.entries(ops).map(([method, op]) => (
              <div class="op">
                <span class={`m ${method}`}>{method}</span> <code>{path}</code> — {op.summary}
                {op.parameters?.length ? (
                  <div>
                    <small>parameters: {op.parameters.map((p) => `${p.name} (${p.in}${p.required ? ', required' : ''})`).join(', ')}</small>
                  </div>
                ) : null}
                <div>
                  <small>
                    responses:{' '}
                    {Object.entries(op.responses ?? {})
                      .map(([code, r]) => `${code} ${r.description ?? ''}`)
                      .join(' · ')}
                  </small>
                </div>
              </div>
            )),
          )}
        </body>
      </html>,
    );
  });
  return app;
}
