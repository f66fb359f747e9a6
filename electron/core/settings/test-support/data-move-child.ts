// A child process for data-move.test.ts: runs the move and SIGKILLs itself at the named step, the
// way a power cut or Task Manager would end it — no finally, no lock released.
import { settleDataFolders } from '../data-move';
import type { DataLayout } from '../data-paths';

const { layout, killAt } = JSON.parse(process.argv[2] ?? '{}') as { layout: DataLayout; killAt: string };
settleDataFolders({
  layout,
  platform: process.platform,
  move: true,
  checkpoint: (step) => {
    if (step === killAt) process.kill(process.pid, 'SIGKILL');
  },
});
process.stderr.write(`never reached ${killAt}\n`);
process.exitCode = 3;
