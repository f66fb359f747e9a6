#!/usr/bin/env node
// The CLI runs the very TypeScript core the tray app is built from; tsx compiles it on the fly so
// that there is one code path, not a separately built copy.
import { register } from 'tsx/esm/api';

register();
await import('../electron/cli/main.ts');
