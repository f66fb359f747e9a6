// Whether the packaged app updates itself: only where electron-builder wrote app-update.yml (the
// build had MEISAI_UPDATE_URL) and on a platform whose installer can replace itself.
import { describe, expect, it } from 'vitest';
import { updateFeedPlan } from './update-feed';

describe('updateFeedPlan', () => {
  const withYml = (p: string) => p.endsWith('app-update.yml');
  const without = () => false;
  it.each([
    ['development (npm run dev)', { isPackaged: false, platform: 'win32', resourcesPath: 'C:\\app\\resources', exists: withYml }, { kind: 'off', reason: 'development' }],
    ['Windows, built with the URL', { isPackaged: true, platform: 'win32', resourcesPath: '/r', exists: withYml }, { kind: 'on', configFile: '/r/app-update.yml' }],
    ['Windows, built without it', { isPackaged: true, platform: 'win32', resourcesPath: '/r', exists: without }, { kind: 'off', reason: 'no-url' }],
    ['Linux (AppImage, deb)', { isPackaged: true, platform: 'linux', resourcesPath: '/r', exists: withYml }, { kind: 'on', configFile: '/r/app-update.yml' }],
    ['macOS (unsigned dmg: no in-place update)', { isPackaged: true, platform: 'darwin', resourcesPath: '/r', exists: withYml }, { kind: 'off', reason: 'unsupported' }],
  ] as const)('%s', (_name, input, expected) => {
    expect(updateFeedPlan(input)).toEqual(expected);
  });
});
