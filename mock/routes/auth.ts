// GET /auth: the calling key's org, principal and scopes.

import type { RoutePlugin } from '../app';
import { F } from '../faults/http';
import { READ_SCOPE, WRITE_SCOPE, type KeyPrincipal } from '../http/auth';

export const authPlugin: RoutePlugin = (app) => {
  app.route('getAuth', (ctx) => {
    const { entry } = ctx.principal as KeyPrincipal;
    return {
      status: 200,
      body: {
        org_id: entry.org_id,
        principal_type: entry.principal_type,
        service_account_user_id: entry.service_account_user_id,
        scopes: app.faults.isOn(F.authListsAllScopes) ? [READ_SCOPE, WRITE_SCOPE] : entry.scopes,
      },
    };
  });
};
