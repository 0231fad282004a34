import { LABELS, type Lang } from '../dashboard-i18n.ts';
import { Layout } from './layout.tsx';

/** `GET /` without a session: a plain form posting the token to `/session` (no JavaScript needed). */
export function signInPage(o: { lang: Lang; nonce?: string; failed?: boolean }) {
  const l = LABELS[o.lang];
  return (
    <Layout lang={o.lang} nonce={o.nonce} title={`${l.signIn} — ${l.title}`}>
      <section style="max-width:420px">
        <h2>{l.signIn}</h2>
        <p class="muted">{l.signInHint}</p>
        {o.failed ? (
          <p class="error" data-testid="sign-in-error">
            {l.signInFailed}
          </p>
        ) : null}
        <form method="post" action="/session" data-testid="sign-in">
          <label>
            {l.token}
            <br />
            <input type="password" name="token" autocomplete="off" required size={50} />
          </label>
          <p>
            <button type="submit">{l.signIn}</button>
          </p>
        </form>
      </section>
    </Layout>
  );
}
