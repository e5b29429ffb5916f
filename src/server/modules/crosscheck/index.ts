export { crosscheckUsage, runCrosscheckCommand } from './cli.ts';
export { type RunSummary, runCrosscheck } from './run.ts';
export { importVerifications, recordVerification } from './verification.ts';
