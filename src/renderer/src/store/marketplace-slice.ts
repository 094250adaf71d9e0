import type { ImportFolder } from '@shared/contract/import-files';
import type { ApiClient } from '@shared/api-client';
import type { ImportReport, Template, ValidationReport } from '@shared/contract/template-model';
import type {
  TemplateDetail,
  TemplateImportFormat,
  TemplateList,
  TemplateScope,
  TemplateSort,
  TemplateSummary,
} from '@shared/contract/templates';
import { errorViewOf, type ErrorView, type SliceCreator, type SliceGet, type SliceSet } from './slice';

export interface TemplateQuery {
  scope: TemplateScope;
  search: string;
  category: string | null;
  sort: TemplateSort;
}

export interface TemplateDraftInput {
  manifest: unknown;
  compose: string;
}

/** The template (and version) the user chose to deploy; the deployments page picks it up from here. */
export interface DeployRequest {
  templateId: string;
  version: string;
}

export interface MarketplaceSlice {
  templateQuery: TemplateQuery;
  templateList: TemplateList | null;
  templateListError: ErrorView | null;
  /** The template the detail page shows; a failed load keeps its id and error (`not_found`: no such template). */
  templateDetail: TemplateDetail | null;
  templateDetailError: { id: string; error: ErrorView } | null;
  deployRequest: DeployRequest | null;
  /** What a new template's editor starts from instead of the blank form (an import that needs fixing). */
  editorSeed: Template | null;
  setTemplateQuery: (patch: Partial<TemplateQuery>) => void;
  loadTemplates: () => Promise<void>;
  loadTemplate: (id: string, version?: string) => Promise<void>;
  /** Shows a template, keeping the version on screen if it is already this one (just saved, say). */
  openTemplate: (id: string) => Promise<void>;
  /** One template as the editor starts from it, without touching what the detail page shows. */
  fetchTemplate: (id: string, version?: string) => Promise<TemplateDetail>;
  /** Reloads what is on screen when a template changes anywhere (this window, another, an import). */
  watchTemplates: () => () => void;
  validateTemplate: (input: TemplateDraftInput) => Promise<ValidationReport>;
  createTemplate: (input: TemplateDraftInput) => Promise<TemplateDetail>;
  updateTemplate: (id: string, input: TemplateDraftInput) => Promise<TemplateDetail>;
  publishTemplate: (id: string, version: string) => Promise<TemplateDetail>;
  unpublishTemplate: (id: string, version: string) => Promise<TemplateDetail>;
  duplicateTemplate: (id: string, version?: string) => Promise<TemplateDetail>;
  deleteTemplate: (id: string) => Promise<void>;
  importTemplates: (
    format: TemplateImportFormat,
    text: string,
    fileName?: string,
    /** A folder's files or a zip, in which the compose file is found; `text` is then empty. */
    folder?: ImportFolder,
  ) => Promise<{ report: ImportReport; created: TemplateSummary[] }>;
  exportTemplate: (id: string, version?: string) => Promise<{ fileName: string; text: string }>;
  /**
   * The single hook between the marketplace and deployments: records what to deploy and opens
   * the deployments page, whose "new deployment" flow reads and clears `deployRequest`.
   */
  startDeploy: (templateId: string, version: string) => void;
  /** Opens the new-template editor filled with `template`, for the user to fix and save. */
  editAsNew: (template: Template) => void;
  clearEditorSeed: () => void;
}

type Loaders = Pick<
  MarketplaceSlice,
  'setTemplateQuery' | 'loadTemplates' | 'loadTemplate' | 'openTemplate' | 'watchTemplates'
>;

const loaders = (api: ApiClient, set: SliceSet, get: SliceGet): Loaders => ({
  setTemplateQuery: (patch) => {
    set({ templateQuery: { ...get().templateQuery, ...patch } });
    void get().loadTemplates();
  },
  loadTemplates: async () => {
    const query = get().templateQuery;
    try {
      const list = await api['templates:list']({
        scope: query.scope,
        search: query.search,
        sort: query.sort,
        ...(query.category ? { category: query.category } : {}),
      });
      if (get().templateQuery === query) set({ templateList: list, templateListError: null });
    } catch (error) {
      set({ templateListError: errorViewOf(error) });
    }
  },
  loadTemplate: async (id, version) => {
    try {
      const detail = await api['templates:get'](version === undefined ? { id } : { id, version });
      set({ templateDetail: detail, templateDetailError: null });
    } catch (error) {
      set({ templateDetail: null, templateDetailError: { id, error: errorViewOf(error) } });
    }
  },
  openTemplate: async (id) => {
    if (get().templateDetail?.summary.id !== id) await get().loadTemplate(id);
  },
  watchTemplates: () =>
    api.on('templates:changed', ({ id, isDeleted }) => {
      void get().loadTemplates();
      const shown = get().templateDetail;
      if (shown?.summary.id === id && !isDeleted) void get().loadTemplate(id, shown.selected.version);
    }),
});

type Authoring = Pick<
  MarketplaceSlice,
  | 'fetchTemplate'
  | 'validateTemplate'
  | 'createTemplate'
  | 'updateTemplate'
  | 'publishTemplate'
  | 'unpublishTemplate'
  | 'duplicateTemplate'
  | 'deleteTemplate'
  | 'importTemplates'
  | 'exportTemplate'
>;

const authoring = (api: ApiClient, set: SliceSet, get: SliceGet): Authoring => {
  const showDetail = (detail: TemplateDetail): TemplateDetail => {
    set({ templateDetail: detail, templateDetailError: null });
    return detail;
  };
  return {
    fetchTemplate: (id, version) => api['templates:get'](version === undefined ? { id } : { id, version }),
    validateTemplate: (input) => api['templates:validate'](input),
    createTemplate: async (input) => showDetail(await api['templates:create'](input)),
    updateTemplate: async (id, input) => showDetail(await api['templates:update']({ id, ...input })),
    publishTemplate: async (id, version) => showDetail(await api['templates:publish']({ id, version })),
    unpublishTemplate: async (id, version) => showDetail(await api['templates:unpublish']({ id, version })),
    duplicateTemplate: async (id, version) =>
      showDetail(await api['templates:duplicate'](version === undefined ? { id } : { id, version })),
    deleteTemplate: async (id) => {
      await api['templates:delete']({ id });
      if (get().templateDetail?.summary.id === id) set({ templateDetail: null });
    },
    importTemplates: (format, text, fileName, folder) =>
      api['templates:import']({
        format,
        text,
        ...(fileName === undefined ? {} : { fileName }),
        ...folder,
      }),
    exportTemplate: (id, version) =>
      api['templates:export'](version === undefined ? { id } : { id, version }),
  };
};

export const createMarketplaceSlice: SliceCreator<MarketplaceSlice> = (api) => (set, get) => ({
  templateQuery: { scope: 'browse', search: '', category: null, sort: 'name' },
  templateList: null,
  templateListError: null,
  templateDetail: null,
  templateDetailError: null,
  deployRequest: null,
  editorSeed: null,
  ...loaders(api, set, get),
  ...authoring(api, set, get),
  editAsNew: (template) => {
    set({ editorSeed: template });
    get().navigate({ page: 'marketplace', id: 'new' });
  },
  clearEditorSeed: () => set({ editorSeed: null }),
  startDeploy: (templateId, version) => {
    set({ deployRequest: { templateId, version } });
    get().navigate({ page: 'deployments', id: 'new' });
  },
});
