import type { CommandResult } from './definitions';

/** Enough to cover any client retry; older ids are forgotten first. */
const CAPACITY = 500;

/** Update ids already applied, so a retry in a later run returns the first answer and changes nothing. */
export class ProcessedCommands {
  private readonly results: Map<string, CommandResult>;

  constructor(entries: [string, CommandResult][] = []) {
    this.results = new Map(entries);
  }

  get(updateId: string): CommandResult | undefined {
    return this.results.get(updateId);
  }

  remember(updateId: string, result: CommandResult): void {
    this.results.set(updateId, result);
    while (this.results.size > CAPACITY) {
      const oldest = this.results.keys().next().value as string;
      this.results.delete(oldest);
    }
  }

  entries(): [string, CommandResult][] {
    return [...this.results];
  }
}
