import type { Migration } from './index';

/**
 * Templates and their versions. A version row, once published, is never rewritten: an edit
 * becomes a new draft row, so a deployment pinned to an old version keeps its exact compose.
 */
export const templates: Migration = {
  version: 3,
  name: 'templates',
  up: (db) => {
    db.exec(`
      CREATE TABLE templates (
        id TEXT PRIMARY KEY,
        slug TEXT NOT NULL UNIQUE,
        source TEXT NOT NULL CHECK (source IN ('builtin','user','imported')),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE template_versions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        template_id TEXT NOT NULL REFERENCES templates(id) ON DELETE CASCADE,
        version TEXT NOT NULL,
        manifest TEXT NOT NULL,
        compose TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('draft','published','unpublished')),
        created_at TEXT NOT NULL,
        published_at TEXT,
        UNIQUE (template_id, version)
      );
      CREATE INDEX template_versions_status ON template_versions (status, template_id);
      -- At most one draft per template: editing a published version makes the draft, not a second one.
      CREATE UNIQUE INDEX template_versions_one_draft ON template_versions (template_id) WHERE status = 'draft';
      -- A published version's content is frozen; only its status (unpublish) may change.
      CREATE TRIGGER template_versions_frozen BEFORE UPDATE OF version, manifest, compose ON template_versions
        WHEN OLD.status <> 'draft'
        BEGIN SELECT RAISE(ABORT, 'a published template version is immutable'); END;
    `);
  },
};
