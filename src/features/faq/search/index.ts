export * from './confidence';
export * from './lexicon';
export * from './normalise';
export * from './query';
export * from './rank';
export * from './spelling';
export * from './learning';
