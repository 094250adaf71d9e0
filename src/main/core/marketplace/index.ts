export { createTemplateEngine } from './engine-adapter';
export { createMarketplaceFeature, type MarketplaceFeature } from './marketplace-feature';
export { rawFilesBaseFromEnv } from './remote-files';
