// Pre-flight's public surface: the runner, the CLI and the app service import from here.
export { preflight, planSplit, sha256Hex, type SplitPlan } from './preflight';
export { toVerdict, unreadableVerdict, formatPreflight, ENCODING_LABELS } from './verdict';
export { UNICODE_TO_CP932_LOOKALIKE } from './cp932';
export * from './types';
