export { CountyCalendar, loadCountyCalendar } from './service.ts';
