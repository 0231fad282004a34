import { describe, expect, it } from 'vitest';
import committed from '../../../lib/http/openapi-schemas.json' with { type: 'json' };
import { openApiDocument } from '../../../lib/http/openapi.ts';
import { openApiSchemasFromZod } from '../../../lib/http/openapi-schemas.ts';

/**
 * The operator function serves `/openapi.json` from the committed JSON Schema, not from zod at
 * cold start; this is what keeps that file equal to the schemas the routes validate with.
 */
describe('the committed OpenAPI schemas', () => {
  it('are what the route schemas generate (after a schema change: npm run openapi:schemas)', () => {
    expect(committed).toEqual(openApiSchemasFromZod());
  });

  it('make the same document as the zod schemas themselves', () => {
    expect(openApiDocument()).toEqual(openApiDocument(openApiSchemasFromZod()));
  });

  it('hold the parts the document is built from', () => {
    const schemas = (openApiDocument().components as { schemas: Record<string, unknown> }).schemas;
    expect(Object.keys(schemas)).toEqual(expect.arrayContaining(['Error', 'Complaint', 'Stats', 'Operator']));
    expect(committed.providerIds).toContain('stripe');
    expect(Object.keys(committed.queries.complaintList)).toEqual(expect.arrayContaining(['status', 'cursor', 'limit']));
  });
});
