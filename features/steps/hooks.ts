/** Attaches the call of a failed scenario, as scenario-format.md JSON, to the report: paste it into `pnpm simulate -`. */
import { After, Status } from '@cucumber/cucumber';
import type { RecordingWorld } from './world.js';

After(function (this: RecordingWorld, { result }) {
  if (result?.status === Status.FAILED && this.hasCall()) {
    this.attach(JSON.stringify(this.scenario(), null, 2), { mediaType: 'application/json', fileName: 'scenario.json' });
  }
});
