import { randomBytes } from 'node:crypto';

/**
 * Text the engine printed (and so, indirectly, whatever a post or a data file made it print)
 * reaches the job log inside a `::stop-commands::<token>` block: the runner ignores every
 * workflow command until it sees `::<token>::`, and only this process knows the token.
 * Only the action's own code emits workflow commands.
 */
export class CommandFreeLog {
  private token = '';
  private atLineStart = true;

  constructor(private readonly write: (text: string) => void = (text) => void process.stdout.write(text)) {}

  /** Start a block: from here on nothing printed is taken as a command. */
  open(): void {
    if (this.token) return;
    this.token = `lemma-${randomBytes(16).toString('hex')}`;
    this.write(`::stop-commands::${this.token}\n`);
    this.atLineStart = true;
  }

  print(text: string): void {
    if (!text) return;
    if (!this.token) this.open();
    this.write(text);
    this.atLineStart = text.endsWith('\n');
  }

  /** End the block, on a line of its own, so the action's commands work again. */
  close(): void {
    if (!this.token) return;
    this.write(`${this.atLineStart ? '' : '\n'}::${this.token}::\n`);
    this.token = '';
    this.atLineStart = true;
  }
}

/** Print `text` (engine output, a report built from it) where no line of it can be a workflow command. */
export function printCommandFree(text: string): void {
  if (!text) return;
  const log = new CommandFreeLog();
  log.print(text.endsWith('\n') ? text : `${text}\n`);
  log.close();
}
