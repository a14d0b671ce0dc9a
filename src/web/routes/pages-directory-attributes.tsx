/**
 * Directory → Attributes (issue 14): any role reads the declared custom user attributes; admins declare and
 * remove them. A refused declaration re-renders the form with the message next to the field and the input
 * kept; a refused removal (a user still has a value) re-renders the page with the reason.
 */
import type { Context, Hono } from 'hono';
import { type DeclareFormValues, DirectoryAttributesPage } from '../../../views/pages/directory-attributes';
import { fieldErrors, formText } from '../../../views/partials/field';
import { declareCustomAttribute, listCustomAttributes, removeCustomAttribute } from '../../directory/custom-attributes';
import { ConflictError, ValidationError } from '../../kernel/errors';
import { requireRole } from '../auth';
import type { AppEnv, WebDeps } from '../env';
import { lookupOwn } from '../request';

const NOTICES: Record<string, string> = {
  declared: 'Attribute declared. Users can now carry a value for it, and mappings and scoping filters can use it.',
  removed: 'Attribute removed.',
};

const FIELDS = ['name', 'description'] as const;

/** Mount /directory/attributes (any role reads; admins declare and remove). */
export function mountDirectoryAttributePages(app: Hono<AppEnv>, deps: WebDeps): void {
  const custom = { db: deps.db, clock: deps.clock };
  const page = (
    c: Context<AppEnv>,
    extras: { form?: DeclareFormValues; removeError?: string; notice?: string } = {},
  ) => (
    <DirectoryAttributesPage
      actor={c.get('actor')}
      csrfToken={c.get('session')?.csrfToken}
      attributes={listCustomAttributes(deps.db)}
      notice={extras.notice}
      removeError={extras.removeError}
      form={extras.form}
    />
  );

  app.get('/directory/attributes', (c) => c.html(page(c, { notice: lookupOwn(NOTICES, c.req.query('done')) })));

  app.post('/directory/attributes', requireRole('admin'), async (c) => {
    const form = await c.req.parseBody();
    const values = { name: formText(form.name), description: formText(form.description) };
    try {
      // An empty description is no description (stored as null, not "").
      declareCustomAttribute(custom, c.get('actor'), {
        name: values.name,
        ...(values.description ? { description: values.description } : {}),
      });
    } catch (err) {
      if (err instanceof ValidationError) {
        const errors = fieldErrors(err.details, err.message, FIELDS);
        return c.html(page(c, { form: { ...values, errors } }), 400);
      }
      if (err instanceof ConflictError)
        return c.html(page(c, { form: { ...values, errors: { name: err.message } } }), 409);
      throw err;
    }
    return c.redirect('/directory/attributes?done=declared', 303);
  });

  app.post('/directory/attributes/:name/remove', requireRole('admin'), (c) => {
    try {
      removeCustomAttribute(custom, c.get('actor'), c.req.param('name'));
    } catch (err) {
      if (err instanceof ConflictError) return c.html(page(c, { removeError: `Not removed: ${err.message}.` }), 409);
      throw err;
    }
    return c.redirect('/directory/attributes?done=removed', 303);
  });
}
