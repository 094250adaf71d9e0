export { createTemplateEngine } from './engine-adapter';
export { createMarketplaceFeature, type MarketplaceFeature } from './marketplace-feature';
