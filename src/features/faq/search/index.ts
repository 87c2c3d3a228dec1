export * from './confidence';
export * from './normalise';
export * from './query';
export * from './rank';
