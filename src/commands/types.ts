/** What every command receives from the CLI: parsed flags and the words after the command. */
export interface CommandContext {
  values: Record<string, string | boolean | undefined>;
  args: string[];
}

export interface Command {
  summary: string;
  /** Builds or reads the blog: runs where a posts-only blog is layered over the engine's site/. */
  layered?: { createsOutput: boolean; watches?: boolean };
  run(context: CommandContext): Promise<number>;
}
