export {
  type Call,
  type CallDecision,
  type CallEvent,
  type CallStep,
  getCallDecision,
  sendCallEvent,
  startCall,
} from './calls.js';
export {
  API_PREFIX,
  type ApiClient,
  type ClientOptions,
  type Credential,
  createClient,
  fileNameOf,
  revisionFromEtag,
  type Schemas,
  unwrap,
  type V1Paths,
} from './client.js';
export type { components, operations, paths } from './openapi.js';
export { ApiProblem, type FieldError, PROBLEM_TYPES, type ProblemDetails } from './problem.js';
