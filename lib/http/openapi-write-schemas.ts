import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openApiSchemasFromZod } from './openapi-schemas.ts';

// `npm run openapi:schemas`: rewrites the committed JSON after a route schema changed
// (tests/unit/http/openapi-schemas.test.ts fails until it is).
const file = join(import.meta.dirname, 'openapi-schemas.json');
writeFileSync(file, `${JSON.stringify(openApiSchemasFromZod(), null, 2)}\n`);
console.log(`wrote ${file}`);
