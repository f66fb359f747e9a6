// The sample CSVs (good and bad) live in the project's shared folder beside the repository
// (../shared/samples), as on every developer's machine and in CI. Resolved from the repository, not
// from an absolute path, so a clone anywhere finds them; a missing folder fails loudly, not silently.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const SHARED_SAMPLES = join(import.meta.dirname, '..', '..', 'shared', 'samples');

if (!existsSync(SHARED_SAMPLES)) {
  throw new Error(`The shared sample files are missing: expected ${SHARED_SAMPLES} (the project's shared/ folder beside the repository).`);
}
