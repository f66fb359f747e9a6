// Must be the window's first import: zod decides at schema construction (when shared/settings is
// evaluated) whether to compile parsers with `new Function`, which the CSP forbids. Jitless, it never
// tries, so the window raises no CSP violation.
import { z } from 'zod';

z.config({ jitless: true });
