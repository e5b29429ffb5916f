export { locateCounty } from './queries.ts';
export { ensureCountyPolicy, PolicyTimeline, policyTimeline, type StoredPolicyVersion } from './service.ts';
