export { runEscalation } from './engine.ts';
export { exportTasks, runCountyDay } from './service.ts';
