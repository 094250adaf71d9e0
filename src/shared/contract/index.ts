import type { z } from 'zod';
import { backupsEvents, backupsMethods } from './backups';
import { billingEvents, billingMethods } from './billing';
import { cloudEvents, cloudMethods } from './cloud';
import { credentialsMethods } from './credentials';
import type { MethodDef } from './define';
import { deploymentSettingsMethods } from './deployment-settings';
import { deploymentsEvents, deploymentsMethods } from './deployments';
import { domainsEvents, domainsMethods } from './domains';
import { inventoryMethods } from './inventory';
import { jobsEvents, jobsMethods } from './jobs';
import { keysEvents, keysMethods } from './keys';
import { monitoringEvents, monitoringMethods } from './monitoring';
import { nodePrepareEvents, nodePrepareMethods } from './node-prepare';
import { nodesEvents, nodesMethods } from './nodes';
import { registriesEvents, registriesMethods } from './registries';
import { samplingMethods } from './sampling';
import { servicesMethods } from './services';
import { settingsMethods, settingsSchema } from './settings';
import { systemMethods } from './system';
import { templateImportReviewMethods } from './template-import-review';
import { templateRemoteMethods } from './template-remote';
import { templatesEvents, templatesMethods } from './templates';
import { terminalEvents, terminalMethods } from './terminal';
import { updatesEvents, updatesMethods } from './updates';
import { vaultEvents, vaultMethods } from './vault';
import { workersMethods } from './workers';

/** Every renderer→core method: `domain:verb` → input and output schemas. */
export const methods = {
  ...systemMethods,
  ...updatesMethods,
  ...settingsMethods,
  ...jobsMethods,
  ...workersMethods,
  ...keysMethods,
  ...nodesMethods,
  ...nodePrepareMethods,
  ...vaultMethods,
  ...registriesMethods,
  ...templatesMethods,
  ...templateImportReviewMethods,
  ...templateRemoteMethods,
  ...billingMethods,
  ...deploymentsMethods,
  ...deploymentSettingsMethods,
  ...domainsMethods,
  ...backupsMethods,
  ...monitoringMethods,
  ...samplingMethods,
  ...inventoryMethods,
  ...terminalMethods,
  ...credentialsMethods,
  ...servicesMethods,
  ...cloudMethods,
} satisfies Record<string, MethodDef>;

/** Every core→renderer push: past-tense `domain:event` → payload schema. */
export const events = {
  ...jobsEvents,
  ...billingEvents,
  ...keysEvents,
  ...nodesEvents,
  ...nodePrepareEvents,
  ...vaultEvents,
  ...registriesEvents,
  ...templatesEvents,
  ...monitoringEvents,
  'settings:changed': settingsSchema,
  ...deploymentsEvents,
  ...domainsEvents,
  ...backupsEvents,
  ...terminalEvents,
  ...updatesEvents,
  ...cloudEvents,
} satisfies Record<string, z.ZodType>;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type EventName = keyof typeof events;

/** What a caller passes (defaults not yet applied) and what the core receives (after parsing). */
export type MethodInput<M extends MethodName> = z.input<Methods[M]['input']>;
export type ParsedInput<M extends MethodName> = z.output<Methods[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Methods[M]['output']>;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

export const methodNames = Object.keys(methods) as MethodName[];
export const eventNames = Object.keys(events) as EventName[];

export const isMethodName = (name: string): name is MethodName => Object.hasOwn(methods, name);
export const isEventName = (name: string): name is EventName => Object.hasOwn(events, name);

/** The API as the renderer sees it: one async function per method, errors thrown as AppError. */
export type Api = { [M in MethodName]: (input: MethodInput<M>) => Promise<MethodOutput<M>> };

/** What the core must implement: a missing or mistyped handler is a compile error. */
export type Handlers = {
  [M in MethodName]: (
    input: ParsedInput<M>,
  ) => Promise<z.input<Methods[M]['output']>> | z.input<Methods[M]['output']>;
};

export type Unsubscribe = () => void;
export type EventListener<E extends EventName> = (payload: EventPayload<E>) => void;

/** The bridge every transport offers the renderer (Electron preload, browser host, in-memory tests). */
export type Bridge = {
  [M in MethodName]: (input: MethodInput<M>) => Promise<unknown>;
} & {
  on: (event: EventName, listener: (payload: unknown) => void) => Unsubscribe;
};
