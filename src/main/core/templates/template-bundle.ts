import {
  bundleFormat,
  bundleVersion,
  templateBundleSchema,
  type ImportReport,
  type Template,
  type TemplateBundle,
} from '@shared/contract/template-model';
import { guardImport } from './import-report';
import { issue } from './issues';
import { readManifest } from './manifest-check';
import { readJson } from './safe-json';
import { validateTemplate } from './validate-template';

const MAX_BUNDLE_BYTES = 1024 * 1024;

/** One template as one JSON file, with a format marker and version so future readers know what they hold. */
export function exportTemplateBundle(template: Template, exportedAt: Date = new Date()): string {
  const bundle: TemplateBundle = {
    format: bundleFormat,
    version: bundleVersion,
    exported_at: exportedAt.toISOString(),
    template: { manifest: template.manifest, compose: template.compose },
  };
  return `${JSON.stringify(bundle, null, 2)}\n`;
}

/** Reads a bundle back; the template inside goes through the same validation as any other. */
export function importTemplateBundle(json: string): ImportReport {
  return guardImport('bundle', (log) => {
    const read = readJson(json, MAX_BUNDLE_BYTES);
    if (!read.ok) return log.fail(read.error);
    const value = read.value;
    if (
      typeof value !== 'object' ||
      value === null ||
      (value as { format?: unknown }).format !== bundleFormat
    ) {
      return log.fail(
        issue(
          'bundle',
          'bundle:format',
          `This is not a Hoster template bundle (no "format": "${bundleFormat}").`,
          ['format'],
        ),
      );
    }
    const bundle = templateBundleSchema.safeParse(value);
    if (!bundle.success) {
      const first = bundle.error.issues[0];
      const path = first?.path.map((s) => (typeof s === 'number' ? s : String(s))) ?? [];
      const code = path[0] === 'version' ? 'bundle:version' : 'bundle:invalid';
      const message =
        code === 'bundle:version'
          ? `Bundle version ${String((value as { version?: unknown }).version)} is not supported; this app reads version ${bundleVersion}.`
          : (first?.message ?? 'invalid');
      return log.fail(issue('bundle', code, message, path));
    }
    const { manifest: rawManifest, compose } = bundle.data.template;
    const manifest = readManifest(rawManifest);
    if (!manifest.manifest) {
      log.refused('template', 'The manifest in the bundle is not valid.');
      manifest.issues.errors.forEach((e) => log.report.errors.push(e));
      return log.report;
    }
    log.taken('template', `${manifest.manifest.name} ${manifest.manifest.version}`);
    log.report.templates.push({
      template: { manifest: manifest.manifest, compose },
      report: validateTemplate({ manifest: manifest.manifest, compose }),
      source: '',
      items: [],
    });
    return log.report;
  });
}
