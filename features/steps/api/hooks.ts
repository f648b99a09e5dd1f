/**
 * Around every @api scenario: before each action (a When step, and the And steps that follow it),
 * every account of the scenario is read as its admin, for the Then steps that say "unchanged"; a
 * failed scenario gets its HTTP exchanges and the last log lines of the API and the worker in the report.
 */
import { After, BeforeStep, Status, setDefaultTimeout } from '@cucumber/cucumber';
import { api } from './api-server.js';
import type { ApiWorld } from './world.js';

// Logins hash with argon2 and a loaded machine runs the API's tests beside these: 5 s is too tight.
setDefaultTimeout(30_000);

BeforeStep(async function (this: ApiWorld, { pickleStep }) {
  if (pickleStep.type === 'Action') await this.rememberState();
});

After(function (this: ApiWorld, { result }) {
  this.http.close();
  if (result?.status === Status.FAILED) {
    this.attach(this.http.log.join('\n'), { mediaType: 'text/plain', fileName: 'http.log' });
    this.attach(api().output() || '(the API printed nothing)', { mediaType: 'text/plain', fileName: 'api.log' });
    this.attach(api().workerOutput() || '(the worker printed nothing)', { mediaType: 'text/plain', fileName: 'worker.log' });
  }
});
