// The 32 clients of bench/attendance, on their own thread: they share the machine's 2 cores with
// the server and the database, but not the server's event loop. Plain JavaScript: a worker thread
// does not get tsx's loader on Node 20. Given the requests (url, cookie, csrf, body), sends them
// `concurrency` at a time and answers with each one's latency.
import { parentPort, workerData } from 'node:worker_threads';

const { requests, concurrency } = workerData;
const timings = [];
const failures = [];
let tasksOpened = 0;
let next = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < requests.length) {
      const request = requests[next++];
      const t0 = performance.now();
      const response = await fetch(request.url, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', cookie: request.cookie, 'x-csrf-token': request.csrf },
        body: request.body,
      });
      const body = await response.json();
      timings.push(performance.now() - t0);
      if (response.status !== 200)
        failures.push(`${request.url} → ${response.status} ${JSON.stringify(body)}`);
      tasksOpened += body.tasksOpened ?? 0;
    }
  }),
);
parentPort?.postMessage({ timings, tasksOpened, seconds: (performance.now() - started) / 1000, failures });
