export { createRegistriesFeature } from './registries-feature';
