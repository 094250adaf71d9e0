export {
  loadBuiltInTemplates,
  COMPOSE_FILE,
  MANIFEST_FILE,
  type CatalogEntry,
  type CatalogLoad,
} from './built-in-catalog';
export { importCasaOsApp } from './import-casaos';
export { importCompose, type ComposeImportOptions } from './import-compose';
export { importFolder } from './import-folder';
export { importPortainerTemplates } from './import-portainer';
export { isComposeText } from './portainer-stack-files';
export { renderCompose, type RenderedConfigFile, type RenderResult } from './render-compose';
export { defaultYamlLimits, type YamlLimits } from './safe-yaml';
export { generateSecret, generateSecrets, type RandomSource } from './secrets';
export { exportTemplateBundle, importTemplateBundle } from './template-bundle';
export { validateTemplate, type TemplateInput, type ValidateOptions } from './validate-template';
export { checkVariableValue, validateVariableValues } from './variable-values';
export { startDependencies, findDependencyCycle } from './compose-graph';
export { policyFindings, cleanPath, reachesDockerSocket, type PolicyContext } from './safety-policy';
