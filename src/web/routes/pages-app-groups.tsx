/** POST /apps/:id/group-settings: the app's group provisioning options (admin; audited by updateApplication). */
import type { Hono } from 'hono';
import {
  GROUP_SETTINGS_FIELDS,
  groupSettingsFrom,
  groupSettingsInput,
} from '../../../views/partials/app-group-settings';
import { fieldErrors } from '../../../views/partials/field';
import { updateApplication } from '../../apps/applications';
import { ValidationError } from '../../kernel/errors';
import { requireRole } from '../auth';
import type { AppEnv, WebDeps } from '../env';
import { appsDeps } from '../request';
import { appPage, backToApp } from './app-page';

export function mountAppGroupSettings(app: Hono<AppEnv>, deps: WebDeps): void {
  app.post('/apps/:id/group-settings', requireRole('admin'), async (c) => {
    const id = c.req.param('id');
    const values = groupSettingsFrom(await c.req.parseBody());
    try {
      updateApplication(appsDeps(deps), c.get('actor'), id, groupSettingsInput(values));
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const errors = fieldErrors(err.details, err.message, GROUP_SETTINGS_FIELDS);
      return c.html(appPage(c, deps, id, { groupSettings: values, groupSettingsErrors: errors }), 400);
    }
    return backToApp(c, id, 'group_settings_saved', '#groups');
  });
}
