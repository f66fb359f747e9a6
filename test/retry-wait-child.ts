// The headless `meisai-connector agent` as a child process for the 再送待ち restart tests: the real
// command, with only the waits shortened (the resend a few hundred milliseconds apart instead of a
// minute, quick polls) so the test waits for states, not for the product's real schedule.
import { agentCommand } from '../electron/cli/commands/agent';
import { processIo } from '../electron/cli/cli-io';

process.exitCode = await agentCommand(process.argv.slice(2), processIo(), {
  watch: { quietMs: 200, stableMs: 200 },
  engine: {
    requestsPerMinute: null,
    stableForMs: 0,
    runnerOptions: { firstPollMs: 20, maxPollMs: 50, retryWait: { firstMs: 400, maxMs: 800, limitMs: 72 * 3600_000 }, random: () => 0.5 },
  },
});
