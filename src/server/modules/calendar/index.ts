export { CountyCalendar, cachedCountyCalendar, loadCountyCalendar } from './service.ts';
