import { createIssueCollector } from './issues';
import type { ImportLog } from './import-report';
import { isDict, type Dict } from './compose-values';
import { normalizeGpus } from './normalize-gpus';

const KEPT =
  "Kept: deploying asks you to accept that the container gets the node's GPUs, and the node needs the NVIDIA driver and container toolkit.";

/**
 * GPU requests and `runtime: nvidia` are imported as written; the report says so, and what a deploy
 * of them asks. One that is not a GPU request is left for validation to refuse.
 */
export function noteGpuRequests(service: Dict, at: string, log: ImportLog): void {
  const issues = createIssueCollector('compose');
  const { gpus, runtime } = normalizeGpus(service, [], issues);
  if (issues.errors.length > 0) return;
  const deploy = isDict(service.deploy) ? service.deploy : {};
  const resources = isDict(deploy.resources) ? deploy.resources : {};
  const reserved = isDict(resources.reservations) && Array.isArray(resources.reservations.devices);
  if (gpus.length > 0 && reserved)
    log.taken(`${at}.deploy.resources.reservations.devices`, `The GPU request. ${KEPT}`);
  if (gpus.length > 0 && service.gpus !== undefined) log.taken(`${at}.gpus`, `The GPU request. ${KEPT}`);
  if (runtime !== null) log.taken(`${at}.runtime`, `The ${runtime} runtime. ${KEPT}`);
}
