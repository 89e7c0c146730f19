// GET /auth: the calling key's org, principal and scopes.

import type { RoutePlugin } from '../app';
import { F } from '../faults/http';
import type { KeyPrincipal } from '../http/auth';

export const authPlugin: RoutePlugin = (app) => {
  app.route('getAuth', (ctx) => {
    const { entry } = ctx.principal as KeyPrincipal;
    let serviceAccount = entry.service_account_user_id;
    if (ctx.alias && app.faults.isOn(F.aliasBodyDiffers) && serviceAccount) serviceAccount = `${serviceAccount}X`;
    return {
      status: 200,
      body: {
        org_id: entry.org_id,
        principal_type: entry.principal_type,
        service_account_user_id: serviceAccount,
        scopes: entry.scopes,
      },
    };
  });
};
