import type { Child, FC } from 'hono/jsx';
import { LABELS, type Lang } from '../dashboard-i18n.ts';

export type L = (typeof LABELS)[Lang];

export const CSS = `body{font:13px/1.4 system-ui,sans-serif;margin:0;background:#f8fafc;color:#0f172a}
header{display:flex;justify-content:space-between;align-items:center;padding:.6rem 1rem;background:#0f172a;color:#fff;gap:1rem}
header a{color:#cbd5e1;margin-left:.6rem}header form{display:inline}header button{margin-left:.6rem}
main{padding:1rem;display:grid;gap:1rem}
section{background:#fff;border:1px solid #e2e8f0;border-radius:8px;padding:.8rem}
.lanes{display:grid;grid-template-columns:repeat(5,1fr);gap:.6rem}
.lane h3{margin:.2rem 0 .4rem;font-size:13px}
.card{border-left:4px solid;border-radius:4px;background:#f1f5f9;padding:.35rem .5rem;margin-bottom:.35rem}
.card.breached{background:#fee2e2}.card a{color:inherit}
.muted{color:#64748b}.over{color:#b91c1c;font-weight:600}
table{border-collapse:collapse;width:100%}td,th{padding:.25rem .4rem;border-bottom:1px solid #e2e8f0;text-align:left;vertical-align:top}
.charts{display:grid;grid-template-columns:repeat(3,1fr);gap:1rem}
form.filters{display:flex;flex-wrap:wrap;gap:.5rem;align-items:end}form.filters label{display:grid;gap:.1rem}
.grid2{display:grid;grid-template-columns:1fr 1fr;gap:1rem}
.actions form{margin:.3rem 0;display:flex;gap:.4rem;align-items:center}
.revealed{background:#fef9c3;border:1px solid #facc15;padding:.5rem;border-radius:6px}
.error{background:#fee2e2;border:1px solid #fca5a5;padding:.5rem;border-radius:6px}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem .8rem;margin:0}dt{color:#64748b}dd{margin:0}`;

/**
 * The one inline script of every desk page (CSP nonce): live countdowns, and actions sent as
 * `PATCH` with `If-Match` and the CSRF header. Without JavaScript the same forms post to the desk's
 * form routes and everything but the live tick still works.
 */
export const DESK_SCRIPT = `(()=>{
const tick=()=>{const now=Date.now();for(const e of document.querySelectorAll('[data-due]')){const m=Math.round((Date.parse(e.dataset.due)-now)/60000),a=Math.abs(m),t=a>=120?Math.round(a/60)+' h':a+' min';e.textContent=(m>=0?e.dataset.labelDue:e.dataset.labelOver)+' '+t;e.classList.toggle('over',m<0);}
document.body.dataset.ticks=String(Number(document.body.dataset.ticks||0)+1);};
tick();setInterval(tick,15000);
const csrf=(document.querySelector('meta[name=csrf-token]')||{}).content||'';
const fail=(msg)=>{const o=document.querySelector('[data-testid=action-error]');if(o){o.textContent=msg;o.hidden=false;}};
document.addEventListener('submit',async(ev)=>{const f=ev.target.closest('form[data-patch]');if(!f)return;ev.preventDefault();
const fd=new FormData(f),body={};for(const [k,v] of fd){if(['_csrf','version','action'].includes(k)||v==='')continue;body[k]=k==='followUpDone'?true:v;}
const r=await fetch(f.dataset.patch,{method:'PATCH',credentials:'same-origin',headers:{'content-type':'application/json','if-match':'"'+fd.get('version')+'"','x-csrf-token':csrf},body:JSON.stringify(body)});
if(r.ok){location.reload();return;}const e=await r.json().catch(()=>({}));fail((e.error&&e.error.message)||('HTTP '+r.status));});
document.addEventListener('click',async(ev)=>{const b=ev.target.closest('[data-replay]');if(!b)return;b.disabled=true;
const r=await fetch('/quarantine/'+b.dataset.replay+'/replay',{method:'POST',credentials:'same-origin',headers:{'x-csrf-token':csrf}});b.textContent=r.status===202?'✓':'✗ '+r.status;b.dataset.result=String(r.status);});
})();`;

export interface PageFrame {
  lang: Lang;
  nonce?: string;
  operator?: { name: string; role: 'viewer' | 'agent' | 'admin' };
  csrf?: string;
}

/** Hidden CSRF field of every state-changing form (empty in open local mode, where none is needed). */
export const Csrf: FC<{ token?: string }> = ({ token }) => <input type="hidden" name="_csrf" value={token ?? ''} />;

export const Layout: FC<PageFrame & { title: string; children?: Child }> = ({ lang, nonce, operator, csrf, title, children }) => {
  const l = LABELS[lang];
  return (
    <html lang={lang === 'zh' ? 'zh-CN' : 'en'}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="csrf-token" content={csrf ?? ''} />
        <title>{title}</title>
        <style>{CSS}</style>
      </head>
      <body>
        <header>
          <strong>
            <a href="/" style="color:#fff;margin:0;text-decoration:none">{l.title}</a>
          </strong>
          <span>
            <a href="?lang=zh">中文</a>
            <a href="?lang=en">English</a>
            <a href="/docs">API</a>
            {operator ? (
              <>
                <span style="margin-left:.8rem" data-testid="operator">
                  {operator.name} ({l.roles[operator.role]})
                </span>
                {operator.name !== 'anonymous' ? (
                  <form method="post" action="/session/logout">
                    <Csrf token={csrf} />
                    <button type="submit" data-testid="sign-out">{l.signOut}</button>
                  </form>
                ) : null}
              </>
            ) : null}
          </span>
        </header>
        <main>{children}</main>
        {operator ? <script nonce={nonce} dangerouslySetInnerHTML={{ __html: DESK_SCRIPT }} /> : null}
      </body>
    </html>
  );
};

/** A countdown the page script keeps live; the server renders the same text first (no-JS). */
export const Countdown: FC<{ due: string; now: number; l: L; testid?: string }> = ({ due, now, l, testid }) => {
  const mins = Math.round((Date.parse(due) - now) / 60_000);
  const a = Math.abs(mins);
  const t = a >= 120 ? `${Math.round(a / 60)} h` : `${a} min`;
  return (
    <span data-due={due} data-label-due={l.due} data-label-over={l.overdue} class={mins < 0 ? 'over' : ''} data-testid={testid}>
      {mins >= 0 ? l.due : l.overdue} {t}
    </span>
  );
};
