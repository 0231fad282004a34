import { Hono } from 'hono';
import { toOperatorView } from '../operators/operator-types.ts';
import { notFound } from '../platform/errors.ts';
import type { AppEnv } from './base-app.ts';
import type { OperatorAccess } from './operator-deps.ts';
import { operatorCreateBody, operatorName } from './schemas.ts';
import { validJson } from './validate.ts';

/** Admin only (operator-auth's role table): create (token shown once), list (never tokens), revoke. */
export function operatorsRoutes(access: OperatorAccess) {
  const app = new Hono<AppEnv>();
  app.post('/', validJson(operatorCreateBody), async (c) => {
    const { name, role } = c.req.valid('json');
    const { record, token } = await access.store.add(name, role, c.get('operator')?.name ?? 'anonymous');
    return c.json({ name: record.name, role: record.role, token }, 201);
  });
  app.get('/', async (c) => c.json({ items: (await access.store.list()).map(toOperatorView) }));
  app.delete('/:name', async (c) => {
    const name = operatorName.safeParse(c.req.param('name'));
    if (!name.success) throw notFound('operator_not_found', 'no active operator with that name');
    return c.json(toOperatorView(await access.store.revoke(name.data)));
  });
  return app;
}
