import { describe, expect, it } from 'vitest';
import { importCompose } from './import-compose';

/** Imports one compose file and returns the template, its validation and the import report's items. */
function imported(compose: string) {
  const report = importCompose(compose, { fileName: 'docker-compose.yml' });
  expect(report.errors).toEqual([]);
  const template = report.templates[0];
  if (template === undefined) throw new Error('the import gave no template');
  return { manifest: template.template.manifest, validation: template.report, items: report.items };
}

describe('inferVariables: the type guessed from a default', () => {
  it('types a default as a URL only when a URL variable accepts it', () => {
    const { manifest, validation } = imported(
      [
        'services:',
        '  app:',
        '    image: nginx:1.27',
        '    environment:',
        '      SITE_URL: ${SITE_URL:-https://example.org/app}',
        '      PUBLIC_URL: ${PUBLIC_URL:-http://<your-ip>:8080}',
        '',
      ].join('\n'),
    );
    expect(validation.errors).toEqual([]);
    expect(manifest.variables.map((v) => [v.name, v.type])).toEqual([
      ['SITE_URL', 'url'],
      ['PUBLIC_URL', 'text'],
    ]);
  });
});
