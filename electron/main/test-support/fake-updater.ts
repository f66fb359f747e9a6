// A stand-in for electron-updater (UpdaterLike): a test says what the next check finds, and the
// stand-in emits the library's events in the library's order; installs are recorded, not run.
import { EventEmitter } from 'node:events';
import type { UpdaterLike } from '../updater';

export type NextCheck = { readonly kind: 'none' } | { readonly kind: 'update'; readonly version: string; readonly download: 'ok' | 'fail' | 'hold' } | { readonly kind: 'fail' };

export class FakeUpdater extends EventEmitter implements UpdaterLike {
  autoDownload = false;
  autoInstallOnAppQuit = true;
  next: NextCheck = { kind: 'none' };
  checks = 0;
  readonly installs: { silent: boolean; runAfter: boolean; at: number }[] = [];
  /** Called at each install, e.g. to record whether a run was in flight then. */
  onInstall: () => void = () => {};
  private held: (() => void) | null = null;

  override on(event: string, listener: (...args: never[]) => void): this {
    return super.on(event, listener as (...args: unknown[]) => void);
  }

  async checkForUpdates(): Promise<{ downloadPromise?: Promise<unknown> | null } | null> {
    this.checks += 1;
    const next = this.next;
    if (next.kind === 'fail') {
      const e = new Error('net::ERR_NAME_NOT_RESOLVED');
      this.emit('error', e);
      throw e;
    }
    if (next.kind === 'none') {
      this.emit('update-not-available', { version: '0.0.0' });
      return { downloadPromise: null };
    }
    this.emit('update-available', { version: next.version });
    const downloadPromise = new Promise<void>((resolve, reject) => {
      const finish = () => {
        if (next.download === 'fail') {
          const e = new Error('sha512 checksum mismatch');
          this.emit('error', e);
          reject(e);
          return;
        }
        this.emit('download-progress', { percent: 100 });
        this.emit('update-downloaded', { version: next.version });
        resolve();
      };
      if (next.download === 'hold') this.held = finish;
      else setImmediate(finish);
    });
    return { downloadPromise };
  }

  /** Lets a held download finish. */
  release(): void {
    this.held?.();
    this.held = null;
  }

  quitAndInstall(isSilent = false, isForceRunAfter = false): void {
    this.onInstall();
    this.installs.push({ silent: isSilent, runAfter: isForceRunAfter, at: Date.now() });
  }
}
