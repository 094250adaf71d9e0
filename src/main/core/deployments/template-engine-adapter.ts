import { AppError } from '@shared/result';
import { generateSecrets, renderCompose, validateTemplate, validateVariableValues } from '../templates';
import type { DeploymentPorts } from './ports';

/** The template engine as the deployments feature uses it: render failures become typed errors. */
export const templateEngineForDeployments = (): DeploymentPorts['engine'] => ({
  validate: (template, policy) => validateTemplate(template, { policy }),
  checkValues: (manifest, values) => validateVariableValues(manifest, values),
  generateSecrets: (manifest) => generateSecrets(manifest),
  render(template, values, policy) {
    const result = renderCompose(template, values, policy);
    if (!result.ok) {
      const first = result.errors[0];
      throw new AppError(
        'invalid_input',
        `The template cannot be filled in: ${first?.message ?? 'unknown error'}${first?.path ? ` (at ${first.path})` : ''}.`,
        {
          field: first?.path ? `variables.${first.path}` : undefined,
        },
      );
    }
    return { compose: result.compose, files: result.configFiles, findings: result.findings };
  },
});
