import type { CliIo } from './io';

/** What a command needs from the runner: its I/O and a way to fail without throwing. */
export interface CommandContext extends CliIo {
  setExitCode(code: number): void;
}
