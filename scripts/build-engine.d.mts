/** Compile the engine into build/ when it is missing or older than a source. */
export function ensureCompiled(): void;
