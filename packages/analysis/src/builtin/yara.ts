/**
 * YARA: a file matched against the rules the operator keeps in `analysis.yaraRulePaths` (`.yar` and
 * `.yara` files, or folders of them), with Debian's `yara` program (`apt-get install yara`). Each
 * rules file is its own namespace (its name), so two files may name rules alike. A match is
 * `suspicious` unless the rule's meta says `severity = "malicious"` (or info, safe). Compilation
 * errors fail the job with yara's message.
 */
import { execFile } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Taxonomy } from '../runner/worker-io.js';
import { type BuiltinWorker, report, taxonomy } from './builtin.js';

const LEVELS = new Set(['info', 'safe', 'suspicious', 'malicious']);
const MAX_STRINGS = 50;
const MAX_OUTPUT = 8 * 1024 * 1024;

export function ruleFiles(paths: readonly string[], depth = 0): string[] {
  return paths.flatMap((p) => {
    try {
      const stat = statSync(p);
      if (stat.isFile()) return /\.(yar|yara)$/i.test(p) ? [p] : [];
      if (!stat.isDirectory() || depth > 3) return [];
      return ruleFiles(
        readdirSync(p)
          .sort()
          .map((e) => path.join(p, e)),
        depth + 1,
      );
    } catch {
      return [];
    }
  });
}

export interface YaraMatch {
  rule: string;
  namespace: string;
  tags: string[];
  meta: Record<string, string>;
  strings: Array<{ offset: number; identifier: string; data: string }>;
}

function parseMeta(text: string): Record<string, string> {
  const meta: Record<string, string> = {};
  for (const m of text.matchAll(/(\w+)=("((?:[^"\\]|\\.)*)"|[^,]*)/g))
    meta[m[1]!] = m[3] !== undefined ? m[3].replace(/\\(.)/g, '$1') : m[2]!;
  return meta;
}

/** yara's output with -e -g -m -s: `ns:rule [tags] [meta] file`, then `0xoffset:$id: data` lines. */
export function parseYaraOutput(output: string): YaraMatch[] {
  const matches: YaraMatch[] = [];
  for (const line of output.split('\n')) {
    const string = /^0x([0-9a-f]+):(\$\S*): (.*)$/.exec(line);
    if (string && matches.length > 0) {
      const last = matches[matches.length - 1]!;
      if (last.strings.length < MAX_STRINGS)
        last.strings.push({
          offset: Number.parseInt(string[1]!, 16),
          identifier: string[2]!,
          data: string[3]!.slice(0, 200),
        });
      continue;
    }
    const rule = /^(?:([\w.-]+):)?(\w+) \[([^\]]*)\] \[(.*)\] .+$/.exec(line);
    if (rule)
      matches.push({
        namespace: rule[1] ?? 'default',
        rule: rule[2]!,
        tags: rule[3] ? rule[3].split(',') : [],
        meta: parseMeta(rule[4]!),
        strings: [],
      });
  }
  return matches;
}

function runYara(args: string[], signal: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('yara', args, { signal, maxBuffer: MAX_OUTPUT, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT')
          reject(new Error('the yara program is not installed (Debian: apt-get install yara)'));
        else reject(new Error(stderr.trim() || error.message));
      } else resolve(stdout);
    });
  });
}

export const yaraAnalyzer =
  (paths: () => readonly string[]): BuiltinWorker =>
  async ({ input, file, signal }) => {
    if (!file) return { success: false, errorMessage: 'Yara runs on file observables', input };
    const rules = ruleFiles(paths());
    if (rules.length === 0)
      return { success: false, errorMessage: 'No YARA rules: set analysis.yaraRulePaths', input };
    const dir = await mkdtemp(path.join(tmpdir(), 'propolis-yara-'));
    try {
      const target = path.join(dir, 'sample');
      await writeFile(target, file.bytes);
      const namespaced = rules.map(
        (r) =>
          `${path
            .basename(r)
            .replace(/\.(yar|yara)$/i, '')
            .replace(/[^\w.-]/g, '_')}:${r}`,
      );
      let output: string;
      try {
        output = await runYara(['-w', '-e', '-g', '-m', '-s', '-a', '300', ...namespaced, target], signal);
      } catch (error) {
        return { success: false, errorMessage: `YARA: ${(error as Error).message}`, input };
      }
      const matches = parseYaraOutput(output);
      const taxonomies: Taxonomy[] = matches.length
        ? matches.slice(0, 20).map((m) => {
            const severity = m.meta.severity?.toLowerCase();
            return taxonomy(
              severity && LEVELS.has(severity) ? (severity as Taxonomy['level']) : 'suspicious',
              'Yara',
              'Match',
              m.rule,
            );
          })
        : [taxonomy('safe', 'Yara', 'Match', 'none')];
      return report({ rulesFiles: rules.map((r) => path.basename(r)), matches }, taxonomies);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  };
