/**
 * What `propolis migrate-from-thehive` has copied: for each source object (by its id in TheHive) the
 * id it got in Propolis and the source's last update time. A second run copies only what is new or
 * changed since; a run cut short starts again where it stopped. `alertCase` records the alerts
 * linked to their case (target: the case's id). Written atomically (temporary file,
 * then rename) after every case and alert.
 */
import { existsSync, readFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';

export type Kind = 'case' | 'task' | 'log' | 'observable' | 'alert' | 'procedure' | 'dashboard' | 'alertCase';

const KINDS: readonly Kind[] = [
  'case',
  'task',
  'log',
  'observable',
  'alert',
  'procedure',
  'dashboard',
  'alertCase',
];

export interface Mapped {
  target: string;
  /** `_updatedAt ?? _createdAt` of the source object when it was last copied. */
  version: number;
}

interface StateFile {
  format: 'propolis-thehive-migration';
  source: string;
  objects: Record<Kind, Record<string, Mapped>>;
}

export class MigrationState {
  private data: StateFile;

  constructor(
    readonly file: string,
    source: string,
  ) {
    if (existsSync(file)) {
      this.data = JSON.parse(readFileSync(file, 'utf8')) as StateFile;
      if (this.data.format !== 'propolis-thehive-migration')
        throw new Error(`${file} is not a migration state file`);
      if (this.data.source !== source)
        throw new Error(
          `${file} records a migration from ${this.data.source}, not ${source}: use another --state file`,
        );
    } else
      this.data = {
        format: 'propolis-thehive-migration',
        source,
        objects: {} as StateFile['objects'],
      };
    // a state file of an earlier version lacks the kinds added since
    for (const kind of KINDS) this.data.objects[kind] ??= {};
  }

  get(kind: Kind, sourceId: string): Mapped | undefined {
    return this.data.objects[kind][sourceId];
  }

  set(kind: Kind, sourceId: string, target: string, version: number): void {
    this.data.objects[kind][sourceId] = { target, version };
  }

  async save(): Promise<void> {
    const tmp = `${this.file}.tmp`;
    await writeFile(tmp, JSON.stringify(this.data), { mode: 0o600 });
    await rename(tmp, this.file);
  }
}

export const versionOf = (o: Record<string, unknown>): number => Number(o._updatedAt ?? o._createdAt ?? 0);
