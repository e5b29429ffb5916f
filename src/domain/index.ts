export * from './codes.ts';
export * from './countyPolicy.ts';
export * from './dates.ts';
export * from './idNumber.ts';
export * from './names.ts';
export * from './region.ts';
export * from './roles.ts';
export * from './schoolAge.ts';
