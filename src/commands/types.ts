/** What every command receives from the CLI: parsed flags and the words after the command. */
export interface CommandContext {
  values: Record<string, string | boolean | undefined>;
  args: string[];
}

export interface Command {
  summary: string;
  run(context: CommandContext): Promise<number>;
}
