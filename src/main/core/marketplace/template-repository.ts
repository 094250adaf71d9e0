import type { Database } from '../db/database';

export type TemplateSource = 'builtin' | 'user' | 'imported';
export type VersionStatus = 'draft' | 'published' | 'unpublished';

export interface TemplateRow {
  id: string;
  slug: string;
  source: TemplateSource;
  createdAt: string;
  updatedAt: string;
}

export interface VersionRow {
  templateId: string;
  version: string;
  /** The manifest as stored JSON text; the service parses it with the engine's schema. */
  manifest: string;
  compose: string;
  status: VersionStatus;
  createdAt: string;
  publishedAt: string | null;
}

interface TemplateRecord {
  id: string;
  slug: string;
  source: TemplateSource;
  created_at: string;
  updated_at: string;
}

interface VersionRecord {
  template_id: string;
  version: string;
  manifest: string;
  compose: string;
  status: VersionStatus;
  created_at: string;
  published_at: string | null;
}

const toTemplate = (r: TemplateRecord): TemplateRow => ({
  id: r.id,
  slug: r.slug,
  source: r.source,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const toVersion = (r: VersionRecord): VersionRow => ({
  templateId: r.template_id,
  version: r.version,
  manifest: r.manifest,
  compose: r.compose,
  status: r.status,
  createdAt: r.created_at,
  publishedAt: r.published_at,
});

/**
 * Plain storage of templates and their versions. The rules (what may change when) live in the
 * catalog service; the schema's trigger is the last line that keeps a published version frozen.
 */
export function createTemplateRepository(db: Database) {
  const sql = prepareTemplateStatements(db);

  return {
    /** Runs `work` in one transaction: a throw anywhere leaves every row as it was. */
    transaction<T>(work: () => T): T {
      return db.transaction(work)();
    },
    get(id: string): TemplateRow | undefined {
      const row = sql.templateById.get(id);
      return row ? toTemplate(row) : undefined;
    },
    getBySlug(slug: string): TemplateRow | undefined {
      const row = sql.templateBySlug.get(slug);
      return row ? toTemplate(row) : undefined;
    },
    list(): TemplateRow[] {
      return sql.allTemplates.all().map(toTemplate);
    },
    versions(templateId: string): VersionRow[] {
      return sql.versionsOf.all(templateId).map(toVersion);
    },
    /** Every version of every template, grouped by template id, for listing in one query. */
    versionsByTemplate(): Map<string, VersionRow[]> {
      const grouped = new Map<string, VersionRow[]>();
      for (const row of sql.allVersions.all()) {
        const list = grouped.get(row.template_id) ?? [];
        list.push(toVersion(row));
        grouped.set(row.template_id, list);
      }
      return grouped;
    },
    insertTemplate(template: { id: string; slug: string; source: TemplateSource; now: string }): void {
      sql.insertTemplate.run(template);
    },
    touch(id: string, now: string): void {
      sql.touchTemplate.run({ id, now });
    },
    insertVersion(version: VersionRow): void {
      sql.insertVersion.run(version);
    },
    updateDraft(templateId: string, draft: { version: string; manifest: string; compose: string }): void {
      const changed = sql.updateDraft.run({ templateId, ...draft }).changes;
      if (changed !== 1) throw new Error(`template ${templateId} has no draft to update`);
    },
    setStatus(templateId: string, version: string, status: VersionStatus, now: string): void {
      sql.setStatus.run({ templateId, version, status, publishedAt: status === 'published' ? now : null });
    },
    deleteVersion(templateId: string, version: string): void {
      sql.deleteVersion.run(templateId, version);
    },
    delete(id: string): void {
      sql.deleteTemplate.run(id);
    },
  };
}

export type TemplateRepository = ReturnType<typeof createTemplateRepository>;

function prepareTemplateStatements(db: Database) {
  return {
    templateById: db.prepare<[string], TemplateRecord>('SELECT * FROM templates WHERE id = ?'),
    templateBySlug: db.prepare<[string], TemplateRecord>('SELECT * FROM templates WHERE slug = ?'),
    allTemplates: db.prepare<[], TemplateRecord>('SELECT * FROM templates ORDER BY created_at, id'),
    versionsOf: db.prepare<[string], VersionRecord>(
      'SELECT * FROM template_versions WHERE template_id = ? ORDER BY id',
    ),
    allVersions: db.prepare<[], VersionRecord>('SELECT * FROM template_versions ORDER BY template_id, id'),
    insertTemplate: db.prepare(
      'INSERT INTO templates (id, slug, source, created_at, updated_at) VALUES (@id, @slug, @source, @now, @now)',
    ),
    touchTemplate: db.prepare('UPDATE templates SET updated_at = @now WHERE id = @id'),
    insertVersion: db.prepare(
      `INSERT INTO template_versions (template_id, version, manifest, compose, status, created_at, published_at)
       VALUES (@templateId, @version, @manifest, @compose, @status, @createdAt, @publishedAt)`,
    ),
    updateDraft: db.prepare(
      `UPDATE template_versions SET version = @version, manifest = @manifest, compose = @compose
       WHERE template_id = @templateId AND status = 'draft'`,
    ),
    setStatus: db.prepare(
      `UPDATE template_versions SET status = @status, published_at = COALESCE(published_at, @publishedAt)
       WHERE template_id = @templateId AND version = @version`,
    ),
    deleteVersion: db.prepare('DELETE FROM template_versions WHERE template_id = ? AND version = ?'),
    deleteTemplate: db.prepare('DELETE FROM templates WHERE id = ?'),
  };
}
