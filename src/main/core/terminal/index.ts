/** The terminal feature's one public entry: shells in containers and templates' maintenance commands. */
export { createTerminalFeature, TERMINAL_SWEEP_WORKER, type TerminalFeature, type TerminalPorts } from './terminal-feature';
