/**
 * One read in flight at a time; callers arriving meanwhile share the next read, which starts after the current
 * one ends, so every caller sees a value read after it asked (nothing committed before a request is missed)
 * while 50 concurrent requests cost a few store round trips instead of 50.
 */
export class SharedRead<T> {
  private running: Promise<T> | undefined;
  private queued: Promise<T> | undefined;

  constructor(private readonly read: () => Promise<T>) {}

  get(): Promise<T> {
    if (!this.running) return this.start();
    this.queued ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.queued = undefined;
        return this.start();
      });
    return this.queued;
  }

  private start(): Promise<T> {
    const run = this.read().finally(() => {
      if (this.running === run) this.running = undefined;
    });
    this.running = run;
    return run;
  }
}
