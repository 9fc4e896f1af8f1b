import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { FastifyInstance } from 'fastify';

/** What an instance did between two marks (SIGUSR2): its CPU time and its event loop's delay. */
export interface InstanceMark {
  pid: number;
  /** Wall time since the previous mark, ms. */
  wallMs: number;
  /** CPU time of the process (all its threads) since the previous mark, ms. */
  cpuMs: number;
  /** Event-loop delay since the previous mark, ms (20 ms resolution: a busy loop shows, idle timer slack does not). */
  loopDelayP50Ms: number;
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  /** The CPU profile of the interval, when BENCH_CPU_PROFILE_DIR is set. */
  profile?: string;
}

/**
 * Marks for the benchmark's parent: each SIGUSR2 prints `mark <json>` (an InstanceMark of the interval since the
 * previous one) and starts the next interval. With BENCH_CPU_PROFILE_DIR, each interval is also CPU-profiled (the
 * V8 inspector in this process) and written there as `<pid>-<n>.cpuprofile` (open it in Chrome's DevTools).
 */
async function serveMarks(): Promise<void> {
  const profileDir = process.env.BENCH_CPU_PROFILE_DIR;
  const loop = monitorEventLoopDelay({ resolution: 20 });
  loop.enable();
  let since = { wall: performance.now(), cpu: process.cpuUsage() };
  let session: Session | null = null;
  let count = 0;
  if (profileDir) {
    mkdirSync(profileDir, { recursive: true });
    session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  }
  let marking = Promise.resolve();
  const mark = async (): Promise<void> => {
    const cpu = process.cpuUsage(since.cpu);
    const result: InstanceMark = {
      pid: process.pid,
      wallMs: Math.round(performance.now() - since.wall),
      cpuMs: Math.round((cpu.user + cpu.system) / 1000),
      loopDelayP50Ms: loop.percentile(50) / 1e6,
      loopDelayP99Ms: loop.percentile(99) / 1e6,
      loopDelayMaxMs: loop.max / 1e6,
    };
    loop.reset();
    since = { wall: performance.now(), cpu: process.cpuUsage() };
    if (session && profileDir) {
      const { profile } = await session.post('Profiler.stop');
      result.profile = path.join(profileDir, `${process.pid}-${++count}.cpuprofile`);
      writeFileSync(result.profile, JSON.stringify(profile));
      await session.post('Profiler.start');
    }
    process.stdout.write(`mark ${JSON.stringify(result)}\n`);
  };
  process.on('SIGUSR2', () => {
    marking = marking.then(mark, mark);
  });
}

/**
 * The end of a benchmark's server-instance process (bench/lib/instance.ts, bench/p13-instance.ts): listens on a free
 * loopback port, prints `listening <port>` for the parent, answers marks (SIGUSR2, above), and closes the app on
 * SIGTERM or SIGINT.
 */
export async function serveInstance(app: FastifyInstance): Promise<void> {
  await serveMarks();
  await app.listen({ port: 0, host: '127.0.0.1' });
  process.stdout.write(`listening ${(app.server.address() as AddressInfo).port}\n`);
  const stop = (): void => {
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
