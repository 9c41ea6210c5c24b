/**
 * What a command prints: a human line on stdout, or with `--json` one JSON document on stdout for
 * scripts (and nothing else there). Diagnostics and progress go to stderr.
 */
export interface OutputOptions {
  json?: boolean;
}

export function report(options: OutputOptions, result: unknown, human: string | (() => string)): void {
  if (options.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else {
    const text = typeof human === 'function' ? human() : human;
    if (text) process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }
}

/** A note for the operator (stderr, so that `--json` output stays parseable). */
export function note(message: string): void {
  process.stderr.write(`${message}\n`);
}
