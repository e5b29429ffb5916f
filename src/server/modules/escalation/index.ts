export { startDailyEscalation } from './dailyJob.ts';
export { runEscalation } from './engine.ts';
export { countyCodes } from './engineQueries.ts';
export { exportTasks, runCountyDay } from './service.ts';
