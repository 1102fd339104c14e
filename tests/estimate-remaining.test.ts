// Unit: the ETA of a running operation, from earlier runs' rate and its own.
import { expect, test } from "vitest";
import { estimateRemainingSeconds } from "@/lib/operations/estimate-remaining";

const run = (done: number, total: number, elapsedMs: number, history = [] as { records: number; ms: number }[]) =>
  estimateRemainingSeconds({ done, total, elapsedMs, history });

test("nothing known yet: no estimate", () => {
  expect(run(0, 1_000, 0)).toBeNull();
  expect(run(0, 0, 0)).toBeNull();
});

test("before the run has a rate of its own, earlier runs give it", () => {
  // 2,000 records in 4 s and 3,000 in 6 s: 500 records a second.
  const history = [
    { records: 2_000, ms: 4_000 },
    { records: 3_000, ms: 6_000 },
  ];
  expect(run(0, 10_000, 0, history)).toBe(20);
});

test("without history the run's own rate gives it", () => {
  expect(run(1_000, 10_000, 2_000)).toBe(18);
});

test("the run's own rate counts half once a tenth is done, less before", () => {
  const history = [{ records: 1_000, ms: 1_000 }]; // 1,000/s before; this run goes 250/s.
  // A tenth done: (1000 + 250) / 2 = 625/s for the 9,000 left.
  expect(run(1_000, 10_000, 4_000, history)).toBe(Math.ceil(9_000 / 625));
  // A twentieth done: the own rate weighs a quarter: 812.5/s for 9,500 left.
  expect(run(500, 10_000, 2_000, history)).toBe(Math.ceil(9_500 / 812.5));
});

test("a finished run has nothing left", () => {
  expect(run(10_000, 10_000, 5_000)).toBe(0);
});
