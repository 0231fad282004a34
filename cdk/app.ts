import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { AftersalesStack } from './aftersales-stack.ts';
import { acknowledgeNagFindings } from './nag-acknowledgements.ts';
import { propsFromContext } from './context.ts';

/** `npx cdk synth` / `npx cdk deploy` (see cdk.json). Context values: see cdk/context.ts. */
export function buildApp(app = new App()) {
  const props = propsFromContext(app);
  const stack = new AftersalesStack(app, `AftersalesHub-${props.stage}`, props);
  acknowledgeNagFindings(stack);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { app, stack };
}

if (process.argv[1] && import.meta.filename === (await import('node:fs')).realpathSync(process.argv[1])) {
  buildApp().app.synth();
}
