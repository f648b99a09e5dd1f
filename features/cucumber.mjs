// Cucumber profiles, run from features/.
// default (`pnpm --filter @ccp/features specs`): every scenario the rules engine decides (policy-core),
//   with the steps of steps/*.ts; HTML report ../reports/cucumber.html.
// @also-api: scenarios the engine decides that the api profile runs too, through HTTP (consent's settings
//   and live calls), so one sentence is proven on both.
// api (`… specs:api`, with the console profile after it): the @api and @also-api scenarios against the built HTTP
//   API and worker (apps/api and apps/worker, started once for the run), with the steps of
//   steps/api/; HTML report ../reports/cucumber-api.html. Not the @console ones: the console profile
//   runs those.
// console (`… specs:console`, and `… specs:api` after the api profile): the @console scenarios, in
//   Debian's chromium against the console the same API serves (apps/admin/dist), with the steps of
//   steps/console/ and of steps/api/ the server, the World (accounts and people) and the Given steps
//   (*.given.ts); HTML report ../reports/cucumber-console.html, screenshots in
//   ../reports/screens/specs/.
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
  tags: '(@api or @also-api) and not @console',
  format: ['progress', 'html:../reports/cucumber-api.html', 'summary'],
};

export const console = {
  paths,
  import: [
    'steps/api/api-server.ts',
    'steps/api/world.ts',
    'steps/api/hooks.ts',
    'steps/api/vocabulary.ts',
    'steps/api/*.given.ts',
    'steps/console/**/*.ts',
  ],
  tags: '@console',
  format: ['progress', 'html:../reports/cucumber-console.html', 'summary'],
};
