export { formatText, type TextOptions } from './text.js';
export { formatJson } from './json.js';
export { githubAnnotations, jobSummary, workflowCommand, type Annotation, type SummaryOptions } from './github.js';
