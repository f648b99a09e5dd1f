// Cucumber profiles, run from features/ (`pnpm --filter @ccp/features specs`).
// default: every scenario the rules engine decides (policy-core), HTML report in ../reports/.
// api: the scenarios tagged @api, which need the HTTP API (apps/api); their steps come with it.
const common = {
  paths: ['*.feature'],
  import: ['steps/**/*.ts'],
};

export default {
  ...common,
  tags: 'not @api',
  format: ['progress', 'html:../reports/cucumber.html', 'summary'],
};

export const api = {
  ...common,
  tags: '@api',
  format: ['progress', 'html:../reports/cucumber-api.html', 'summary'],
};
