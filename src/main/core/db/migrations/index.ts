import type BetterSqlite3 from 'better-sqlite3';
import { foundation } from './001-foundation';
import { nodesAndKeys } from './002-nodes-and-keys';
import { templates } from './003-templates';
import { deployments } from './004-deployments';
import { billing } from './005-billing';
import { monitoring } from './006-monitoring';
import { registryLogins } from './007-registry-logins';
import { acceptedFindings } from './008-accepted-findings';
import { domains } from './009-domains';
import { backups } from './010-backups';
import { revisionSettings } from './011-revision-settings';
import { stoppedServices } from './012-stopped-services';
import { logChunks } from './013-log-chunks';
import { cloud } from './014-cloud';

export interface Migration {
  version: number;
  name: string;
  up: (db: BetterSqlite3.Database) => void;
  /** Frees much of the file (dropped tables): the database is compacted (VACUUM) once migrated. */
  compactsAfter?: boolean;
}

/** Append only: a released migration is never edited, a change is a new migration. */
export const migrations: readonly Migration[] = [foundation, nodesAndKeys, templates, deployments, billing, monitoring, registryLogins, acceptedFindings, domains, backups, revisionSettings, stoppedServices, logChunks, cloud];
