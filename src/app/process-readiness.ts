/**
 * Whether this process is fit to take traffic, apart from its dependencies.
 * Once failed it stays failed: a process that hit an error nobody handled is
 * in an unknown state and must be replaced, not trusted again.
 */
export class ProcessReadiness {
  private reason: string | null = null;

  /** Mark the process unfit; the first reason is kept. */
  fail(reason: string): void {
    this.reason ??= reason;
  }

  /** Why the process is unfit, or null while it is fit. */
  get failure(): string | null {
    return this.reason;
  }
}

/** The readiness of this process, shared by the fatal-error policy and /readyz. */
export const processReadiness = new ProcessReadiness();
