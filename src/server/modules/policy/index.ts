export { locateCounty } from './queries.ts';
export {
  cachedPolicyTimeline,
  ensureCountyPolicy,
  PolicyTimeline,
  policyTimeline,
  type StoredPolicyVersion,
} from './service.ts';
