import {
  templateManifestSchema,
  type ImportReport,
  type PendingStack,
  type TemplateManifestInput,
  type ValidationIssue,
} from '@shared/contract/template-model';
import { stringify } from 'yaml';
import { issue } from './issues';
import { validateTemplate } from './validate-template';

export type ImportFormat = ImportReport['format'];

export interface ImportLog {
  readonly report: ImportReport;
  taken(subject: string, reason: string): void;
  changed(subject: string, reason: string): void;
  refused(subject: string, reason: string): void;
  /** A stack whose file the import was not given; it comes through once the file is passed in. */
  pending(stack: PendingStack): void;
  fail(error: ValidationIssue): ImportReport;
  /** Validates a converted template and adds it, whatever the verdict, so the editor can fix it. */
  add(manifest: TemplateManifestInput, compose: unknown): void;
  /** The same log, with every subject prefixed (e.g. by the Portainer template it comes from). */
  scoped(prefix: string): ImportLog;
}

function createImportLog(
  format: ImportFormat,
  report: ImportReport = { format, templates: [], items: [], errors: [] },
  prefix = '',
): ImportLog {
  const item = (action: 'taken' | 'changed' | 'refused') => (subject: string, reason: string) => {
    report.items.push({ action, subject: prefix === '' ? subject : `${prefix}: ${subject}`, reason });
  };
  return {
    scoped: (inner) => createImportLog(format, report, prefix === '' ? inner : `${prefix}: ${inner}`),
    report,
    taken: item('taken'),
    changed: item('changed'),
    refused: item('refused'),
    pending(stack) {
      report.pending = [...(report.pending ?? []), stack];
    },
    fail(error) {
      report.errors.push(error);
      return report;
    },
    add(manifestInput, composeValue) {
      const manifest = templateManifestSchema.safeParse(manifestInput);
      if (!manifest.success) {
        report.errors.push(
          issue(
            'import',
            'import:manifest',
            `The converted manifest is not valid: ${manifest.error.issues[0]?.message ?? 'unknown problem'}.`,
          ),
        );
        return;
      }
      const compose = stringify(composeValue, { lineWidth: 0, aliasDuplicateObjects: false });
      report.templates.push({
        template: { manifest: manifest.data, compose },
        report: validateTemplate({ manifest: manifest.data, compose }),
        source: prefix,
        items: [],
      });
    },
  };
}

const isAbout = (subject: string, source: string): boolean =>
  subject === source || subject.startsWith(`${source}: `) || subject.startsWith(`${source}.`);

/**
 * Gives each template the items about it (the same objects, so `items` still holds everything):
 * those logged under its source in the file, or, for the one template of a single-app file, every
 * item. What is about no template (a list entry refused before it became one) stays in `items` only.
 */
function groupItems(report: ImportReport): ImportReport {
  const fromList = report.templates.filter((entry) => entry.source !== '');
  const single = report.templates.find((entry) => entry.source === '');
  for (const item of report.items) {
    const owner = fromList.find((entry) => isAbout(item.subject, entry.source)) ?? single;
    owner?.items.push(item);
  }
  return report;
}

/** Runs an importer so that no input, however broken, escapes as an exception. */
export function guardImport(format: ImportFormat, run: (log: ImportLog) => ImportReport): ImportReport {
  const log = createImportLog(format);
  try {
    return groupItems(run(log));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return log.fail(issue('import', 'import:internal', `The import stopped unexpectedly: ${message}`));
  }
}
