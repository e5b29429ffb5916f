export { findClass, locateClass, locateSchool } from './queries.ts';
export { className } from './service.ts';
