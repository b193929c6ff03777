// What the platform's JavaScript may use without importing: ECMAScript (the `lib` of
// tsconfig.json) and `console`, installed natively before any module runs.

declare var console: {
  log(...data: unknown[]): void;
  info(...data: unknown[]): void;
  debug(...data: unknown[]): void;
  warn(...data: unknown[]): void;
  error(...data: unknown[]): void;
};

// ES2024 string methods QuickJS has (the `lib` stays ES2023 for the rest).
interface String {
  isWellFormed(): boolean;
  toWellFormed(): string;
}
