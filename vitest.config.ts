import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Multi-instance tests start real server processes: two cores, so keep
    // parallelism low enough that they do not starve each other.
    maxWorkers: 2,
    setupFiles: ["test/setup.ts"],
  },
});
