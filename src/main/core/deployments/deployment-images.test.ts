import { afterEach, describe, expect, it } from 'vitest';
import { templateManifestSchema } from '@shared/contract/template-model';
import { manifestFor } from '../templates/test-support';
import { imagesOfOthers } from './deployment-images';
import type { RevisionContent } from './deployment-types';
import { closeRepositories, freshRepository, newDeployment } from './test-support';

afterEach(closeRepositories);

const content: RevisionContent = {
  templateVersion: '1.0.0',
  template: { manifest: templateManifestSchema.parse(manifestFor()), compose: 'services: {}\n' },
  variables: {},
  secretNames: [],
  acceptedFindings: [],
  settings: { services: {} },
};

describe('images a delete keeps for other deployments', () => {
  it('names what the other deployments on the node run by their revision, not those on another node', () => {
    const { repository } = freshRepository();
    const at = '2026-01-01T00:00:00.000Z';
    for (const [id, nodeId, image] of [
      ['going', 'n1', 'app:1'],
      ['held', 'n1', 'db:16'],
      ['elsewhere', 'n2', 'cache:7'],
    ] as const) {
      repository.create(newDeployment(id, { nodeId }), 'deploy requested');
      repository.addRevision(id, content, at);
      repository.setRevisionStatus(id, 1, 'active', { [image]: `${image.split(':')[0]}@sha256:${id}` });
    }
    const going = repository.get('going');
    expect(going && imagesOfOthers(repository, going)).toEqual(['db:16', 'db@sha256:held']);
  });
});
