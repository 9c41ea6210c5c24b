/**
 * Real Outlook-made .msg files for the tests: Email::Outlook::Message's test files, fetched from
 * Debian's archive by scripts/fetch-outlook-samples.sh (CI runs it) into $PROPOLIS_OUTLOOK_SAMPLES
 * or ~/.cache/propolis/outlook-samples. Without them the tests that need them skip, unless
 * PROPOLIS_REQUIRE_OUTLOOK_SAMPLES=1, where their absence fails the run.
 */
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const dir =
  process.env.PROPOLIS_OUTLOOK_SAMPLES ?? path.join(os.homedir(), '.cache/propolis/outlook-samples');

export const outlookSamplesPresent = existsSync(path.join(dir, 'plain_jpeg_attached.msg'));

if (!outlookSamplesPresent && process.env.PROPOLIS_REQUIRE_OUTLOOK_SAMPLES === '1')
  throw new Error(`no Outlook samples in ${dir}: run scripts/fetch-outlook-samples.sh`);

/** One sample by name (without `.msg`): plain_jpeg_attached, charset, gpg_signed, plain_unsent… */
export function outlookSample(name: string): Buffer {
  return readFileSync(path.join(dir, `${name}.msg`));
}
