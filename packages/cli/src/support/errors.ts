/**
 * Exit codes of every `propolis` command: 0 done, 1 failed, 2 wrong usage (a missing or bad option,
 * an unknown command). A command throws UsageError or CommandError; main.ts turns them into the code.
 */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

export class CommandError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT_FAILURE,
  ) {
    super(message);
  }
}

export class UsageError extends CommandError {
  constructor(message: string) {
    super(message, EXIT_USAGE);
  }
}

export const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
