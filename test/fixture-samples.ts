// The reference sample CSVs (good and bad) live in the repository, in test/fixtures/samples: a clone
// placed anywhere, with nothing beside it, has everything its tests read. They are copies of the
// project's reference samples; see test/fixtures/samples/README.md for what each one must cause.
import { join } from 'node:path';

export const FIXTURE_SAMPLES = join(import.meta.dirname, 'fixtures', 'samples');
