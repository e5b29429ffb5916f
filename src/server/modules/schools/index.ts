export {
  type ClassRow,
  findClass,
  loadClass,
  locateClass,
  locateClassOfRequest,
  locateSchool,
} from './queries.ts';
export { className } from './service.ts';
