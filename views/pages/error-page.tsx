/** Error page: status and a message, never a stack trace. */
import type { Actor } from '../../src/kernel/actor';
import { Layout } from '../layout';

/** Rendered by the app's onError for browser requests. */
export function ErrorPage(props: { status: number; message: string; actor: Actor | null }) {
  return (
    <Layout title={`Error ${props.status}`} actor={props.actor}>
      <section class="card">
        <h1>{props.status === 404 ? 'Not found' : props.status === 403 ? 'Not allowed' : 'Something went wrong'}</h1>
        <p>{props.message}</p>
        <p>
          <a href="/">Back to the overview</a>
        </p>
      </section>
    </Layout>
  );
}
