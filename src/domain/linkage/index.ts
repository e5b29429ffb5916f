export * from './comparators.ts';
export * from './duplicates.ts';
export * from './evaluate.ts';
export * from './link.ts';
export * from './synthetic.ts';
export * from './types.ts';
