export { findChild, locateChild } from './queries.ts';
