/**
 * The weak-secret check. Worker-ready: a renderer worker can import findWeakSecret, post the token
 * string in, and post the plain WeakSecretMatch (or null) and WeakSecretProgress objects back.
 */
export {
  findWeakSecret,
  keyVariants,
  testSecret,
  weakSecretPlan,
  weakSecretSkippedMessage,
  weakSecretTargets,
} from './check'
export type {
  FindWeakSecretOptions,
  KeyVariant,
  WeakSecretMatch,
  WeakSecretPlan,
  WeakSecretProgress,
  WeakSecretSkipped,
  WeakSecretTarget,
  WeakSecretVariant,
} from './check'
export { weakSecretDictionary } from './dictionary'
export { isHmacAlgorithm, nobleHmac } from './hmac'
export type { HmacAlgorithm, HmacFunction } from './hmac'
