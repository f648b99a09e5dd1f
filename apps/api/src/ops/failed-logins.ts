/**
 * Failed dashboard logins per client address in a fixed one-minute window, in memory: past the
 * limit the dashboard answers 429 until the window ends, so its Basic login cannot be used to guess
 * passwords faster than `POST /auth/login` allows (10 a minute).
 */
export class FailedLogins {
  private readonly windows = new Map<string, { count: number; endsAt: number }>();

  constructor(
    private readonly limit = 10,
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds until `client` may try again, or 0 when it may now. */
  retryAfter(client: string): number {
    const window = this.windows.get(client);
    if (!window || window.endsAt <= this.now()) return 0;
    return window.count >= this.limit ? Math.ceil((window.endsAt - this.now()) / 1000) : 0;
  }

  record(client: string): void {
    const now = this.now();
    for (const [key, window] of this.windows) if (window.endsAt <= now) this.windows.delete(key);
    const window = this.windows.get(client);
    if (window && window.endsAt > now) window.count++;
    else this.windows.set(client, { count: 1, endsAt: now + this.windowMs });
  }
}
