import type { TemplateUsage } from '@shared/contract/templates';
import type { CoreContext, Feature, MethodsOf } from '../core-context';
import type { TemplateEngine } from './engine-port';
import { createTemplateCatalog, type TemplateCatalog } from './template-catalog';
import { importTemplates, seedBuiltins } from './template-intake';
import { createTemplateRepository, type TemplateRepository } from './template-repository';

export interface MarketplaceOptions {
  engine: TemplateEngine;
  /** resources/templates: the built-in catalog, read at start; without it no built-ins are seeded. */
  builtinDir: string | undefined;
  /** Which deployments use a version of a template; the deployments feature answers, until then nobody does. */
  deploymentsUsing: (templateId: string) => TemplateUsage[];
}

export type MarketplaceFeature = Feature<MethodsOf<'templates'>> & {
  /** Read access for other features (deployments read the exact version they deploy). */
  catalog: TemplateCatalog;
};

export function createMarketplaceFeature(
  context: CoreContext,
  options: MarketplaceOptions,
): MarketplaceFeature {
  const repository = createTemplateRepository(context.db);
  const { engine } = options;
  const catalog = createTemplateCatalog({
    repository,
    engine,
    clock: context.clock,
    deploymentsUsing: options.deploymentsUsing,
  });
  const changed = (id: string, isDeleted = false) =>
    context.events.emit('templates:changed', { id, isDeleted });
  // Seeding reads files, so it runs after start returns; close waits for it before the database closes.
  let seeding: Promise<void> = Promise.resolve();

  return {
    catalog,
    handlers: createTemplateHandlers({ engine, repository, catalog }, changed),
    start() {
      if (options.builtinDir !== undefined)
        seeding = seedFrom(context, { engine, repository }, changed, options.builtinDir);
    },
    async close() {
      await seeding;
    },
  };
}

type Changed = (id: string, isDeleted?: boolean) => void;

function createTemplateHandlers(
  deps: { engine: TemplateEngine; repository: TemplateRepository; catalog: TemplateCatalog },
  changed: Changed,
): MarketplaceFeature['handlers'] {
  const { catalog } = deps;
  const changedThenGet = (id: string) => {
    changed(id);
    return catalog.get(id);
  };
  return {
    'templates:list': (query) => catalog.list(query),
    'templates:get': ({ id, version }) => catalog.get(id, version),
    'templates:validate': (input) => catalog.validate(input),
    'templates:create': (input) => changedThenGet(catalog.create(input).id),
    'templates:update': ({ id, ...input }) => {
      catalog.update(id, input);
      changed(id);
      const draft = catalog.get(id).versions.find((v) => v.status === 'draft');
      return catalog.get(id, draft?.version);
    },
    'templates:publish': ({ id, version }) => {
      catalog.publish(id, version);
      changed(id);
      return catalog.get(id, version);
    },
    'templates:unpublish': ({ id, version }) => {
      catalog.unpublish(id, version);
      changed(id);
      return catalog.get(id, version);
    },
    'templates:duplicate': ({ id, version }) => changedThenGet(catalog.duplicate(id, version).id),
    'templates:delete': ({ id }) => {
      catalog.delete(id);
      changed(id, true);
      return { id };
    },
    'templates:import': ({ format, text, fileName, files, zip }) => {
      const folder = files ? { files } : zip === undefined ? undefined : { zip };
      const { report, createdIds } = importTemplates(deps, format, text, fileName, folder);
      for (const id of createdIds) changed(id);
      return { report, created: createdIds.map((id) => catalog.get(id).summary) };
    },
    'templates:export': ({ id, version }) => catalog.exportBundle(id, version),
  };
}

async function seedFrom(
  context: CoreContext,
  deps: { engine: TemplateEngine; repository: TemplateRepository },
  changed: Changed,
  dir: string,
): Promise<void> {
  try {
    const { templates, problems } = await deps.engine.loadCatalog(dir);
    for (const problem of problems)
      context.logger.error('a built-in template could not be read', { problem });
    const seeded = seedBuiltins({ ...deps, clock: context.clock, logger: context.logger }, templates);
    for (const id of seeded) changed(id);
    context.logger.info('built-in templates ready', { shipped: templates.length, changed: seeded.length });
  } catch (error) {
    context.logger.error('built-in templates could not be seeded', {
      error: error instanceof Error ? error.message : String(error),
    });
  }
}
