/** Sign-in page (no actor yet, so the layout shows no navigation). */
import { Layout } from '../layout';

export interface LoginProps {
  email?: string | undefined;
  next?: string | undefined;
  error?: string | undefined;
  notice?: string | undefined;
}

/** The form posts to /login; `next` carries the page the user wanted. */
export function LoginPage(props: LoginProps) {
  return (
    <Layout title="Sign in" actor={null}>
      <section class="card login-card">
        <h1>Sign in to Provisio</h1>
        {props.notice ? (
          <p class="alert alert-ok" role="status">
            {props.notice}
          </p>
        ) : null}
        {props.error ? (
          <p class="alert alert-error" role="alert" id="login-error">
            {props.error}
          </p>
        ) : null}
        <form method="post" action="/login" class="stack">
          <input type="hidden" name="next" value={props.next ?? ''} />
          <div class="field">
            <label for="email">Email</label>
            <input
              id="email"
              name="email"
              type="email"
              autocomplete="username"
              required
              autofocus
              value={props.email ?? ''}
              aria-describedby={props.error ? 'login-error' : undefined}
            />
          </div>
          <div class="field">
            <label for="password">Password</label>
            <input id="password" name="password" type="password" autocomplete="current-password" required />
          </div>
          <button type="submit" class="btn btn-primary">
            Sign in
          </button>
        </form>
      </section>
    </Layout>
  );
}
