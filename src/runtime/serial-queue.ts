/**
 * A mailbox: jobs run one at a time, in the order they were enqueued. A failing job does not stop
 * the ones behind it. This is what makes a workspace single-writer.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private pending = 0;

  run<T>(job: () => Promise<T> | T): Promise<T> {
    this.pending += 1;
    const result = this.tail.then(job);
    this.tail = result.then(
      () => this.done(),
      () => this.done(),
    );
    return result;
  }

  get size(): number {
    return this.pending;
  }

  /** Resolves once every job enqueued so far (and any they enqueue) has finished. */
  async idle(): Promise<void> {
    while (this.pending > 0) await this.tail;
  }

  private done(): void {
    this.pending -= 1;
  }
}
