/**
 * Work a commit causes that no caller waits for (pushes to websockets and event streams, callback
 * requests), run once the replies of the commit's group are out: when a group settles, every
 * caller's reply is a microtask away, and this queue runs in the next check phase (setImmediate),
 * after those microtasks. So no 201 waits for another task's callback set-up or websocket push.
 * Jobs run in the order they were queued (commit order); one that throws does not stop the rest.
 */
export class AfterReplies {
  private jobs: Array<() => void> = [];
  private scheduled = false;

  run(job: () => void): void {
    this.jobs.push(job);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.drain());
  }

  /** Resolves once the jobs queued so far have run (tests wait for callbacks through this). */
  settled(): Promise<void> {
    if (!this.scheduled) return Promise.resolve();
    // Queued after the drain this queue scheduled, so it runs after it.
    return new Promise((resolve) => setImmediate(resolve));
  }

  private drain(): void {
    this.scheduled = false;
    const jobs = this.jobs;
    this.jobs = [];
    for (const job of jobs) {
      try {
        job();
      } catch {
        // A job must not throw (as EffectSink.deliver); one that does cannot stop the others.
      }
    }
  }
}

/** The process's one queue: runtimes and the events service share it, so their jobs keep commit order. */
export const afterReplies = new AfterReplies();
