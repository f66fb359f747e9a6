// Loaded into the idle agent by bench/idle.ts (`node --import ./bench/idle-timer-probe.mjs …`), only
// when MEISAI_BENCH_TIMER_LOG names a file: wraps setTimeout/setInterval so that every timer that
// FIRES is recorded (time, requested delay, where it was armed), and every timer armed for a minute
// or more too (so the report can name the long sleeps), and writes both there on exit.
// Plain JavaScript so it loads before tsx is registered; the product code is not changed for it.
import { writeFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import timers from 'node:timers';
import { promisify } from 'node:util';

const out = process.env.MEISAI_BENCH_TIMER_LOG;
if (out) {
  const fires = [];
  const longArms = [];
  const armedAt = () => {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 8;
    const stack = new Error().stack ?? '';
    Error.stackTraceLimit = limit;
    // Skip "Error", armedAt and the wrapper; keep the first frames of the caller.
    return stack.split('\n').slice(3, 7).map((l) => l.trim().replace(/^at /, '')).join(' < ');
  };
  const wrap = (original, kind) => {
    const wrapped = function (fn, ms, ...args) {
      if (typeof fn !== 'function') return original.call(this, fn, ms, ...args);
      const where = armedAt();
      const delay = Number(ms) || 0;
      if (delay >= 60_000) longArms.push({ t: Date.now(), kind, delay, where });
      return original.call(this, function (...a) {
        fires.push({ t: Date.now(), kind, delay, where });
        return fn.apply(this, a);
      }, ms, ...args);
    };
    // Keep util.promisify(setTimeout) working.
    if (original[promisify.custom]) wrapped[promisify.custom] = original[promisify.custom];
    return wrapped;
  };
  const setTimeoutWrapped = wrap(timers.setTimeout, 'timeout');
  const setIntervalWrapped = wrap(timers.setInterval, 'interval');
  globalThis.setTimeout = setTimeoutWrapped;
  globalThis.setInterval = setIntervalWrapped;
  timers.setTimeout = setTimeoutWrapped;
  timers.setInterval = setIntervalWrapped;
  syncBuiltinESMExports();
  process.on('exit', () => writeFileSync(out, JSON.stringify({ fires, longArms })));
}
