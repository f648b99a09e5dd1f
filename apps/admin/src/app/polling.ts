/** One run of a poller's loop: current until the poller starts another run or stops. */
export interface PollRun {
  current(): boolean;
  /** The wait between two polls; it ends at once when the run stops being current. */
  pause(): Promise<void>;
}

/**
 * Follows one thing the worker does at a time (an upload's import, an export's build). `start` ends the
 * run before it and begins its loop only once that loop has returned, its last request answered: two
 * loops never have requests out together, however often the screen is opened. `stop` is leaving the screen.
 */
export function createPoller(intervalMs: () => number) {
  let generation = 0;
  let loop: Promise<unknown> = Promise.resolve();
  let interruptPause: (() => void) | null = null;

  function stop(): void {
    generation++;
    interruptPause?.();
  }

  /** The run now, left running: an answer that arrives after the next `start` or `stop` is stale. */
  function watch(): PollRun {
    const mine = generation;
    return { current: () => mine === generation, pause: () => (mine === generation ? pause() : Promise.resolve()) };
  }

  /** The new run at once, and its loop's end. */
  function start<T>(poll: (run: PollRun) => Promise<T>): { readonly run: PollRun; readonly done: Promise<T> } {
    stop();
    const run = watch();
    // A loop that failed on a bug has been reported already; the next one starts all the same.
    const done = loop.catch(() => undefined).then(() => poll(run));
    loop = done;
    return { run, done };
  }

  function pause(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, intervalMs());
      function done(): void {
        clearTimeout(timer);
        if (interruptPause === done) interruptPause = null;
        resolve();
      }
      interruptPause = done;
    });
  }

  return { start, stop, watch };
}
