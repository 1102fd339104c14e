import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTypescript,
  { ignores: [".next/**", "node_modules/**", "data/**", "test-results/**", "playwright-report/**", "next-env.d.ts"] },
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      // Settings are read and validated in one place.
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Read settings through lib/env.ts." },
      ],
    },
  },
  {
    files: [
      "lib/env.ts",
      "prisma.config.ts",
      "playwright.config.ts",
      "vitest.config.ts",
      "scripts/**",
      "e2e/**",
      "tests/**",
      "bench/**",
    ],
    rules: { "no-restricted-properties": "off" },
  },
];

export default config;
