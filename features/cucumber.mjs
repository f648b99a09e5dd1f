// Cucumber profiles, run from features/.
// default (`pnpm --filter @ccp/features specs`): every scenario the rules engine decides (policy-core),
//   with the steps of steps/*.ts; HTML report ../reports/cucumber.html.
// api (`… specs:api`): the @api scenarios against the built HTTP API and worker (apps/api and
//   apps/worker, started once for the run), with the steps of steps/api/; HTML report
//   ../reports/cucumber-api.html. The @console ones wait for the console.
const paths = ['*.feature'];

export default {
  paths,
  import: ['steps/*.ts'],
  tags: 'not @api',
  format: ['progress', 'html:../reports/cucumber.html', 'summary'],
};

export const api = {
  paths,
  import: ['steps/api/**/*.ts'],
  tags: '@api and not @console',
  format: ['progress', 'html:../reports/cucumber-api.html', 'summary'],
};
