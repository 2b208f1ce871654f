/** One workflow command the runner would carry out. */
export interface WorkflowCommand {
  name: string;
  properties: string;
  data: string;
  line: string;
}

/**
 * The workflow commands a runner acts on in a step's log, read line by line as the runner
 * reads them: `::name props::data` (and the older `##[name props]data`), except between
 * `::stop-commands::<token>` and `::<token>::`, where nothing is a command. Leading
 * whitespace is allowed, to be stricter than the runner.
 */
export function workflowCommands(log: string): WorkflowCommand[] {
  const commands: WorkflowCommand[] = [];
  let stopToken: string | undefined;
  for (const line of log.split(/\r?\n/)) {
    const text = line.trim();
    if (stopToken !== undefined) {
      if (text === `::${stopToken}::`) stopToken = undefined;
      continue;
    }
    const v2 = /^::([A-Za-z][\w-]*)(?: ([^:]*))?::(.*)$/.exec(text);
    const v1 = /^##\[([A-Za-z][\w-]*)(?: ([^\]]*))?\](.*)$/.exec(text);
    const match = v2 ?? v1;
    if (!match) continue;
    const [, name, properties = '', data] = match;
    if (name === 'stop-commands') stopToken = data;
    commands.push({ name, properties, data, line });
  }
  return commands;
}
