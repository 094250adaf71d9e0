/**
 * The backups feature's one public entry: what create-core wires. Everything else in this folder is
 * internal.
 */
export { createBackupsFeature, type BackupsFeature } from './backups-feature';
export { CHECK_WORKER, SCHEDULE_WORKER } from './schedule-workers';
export type { BackupPorts } from './ports';
