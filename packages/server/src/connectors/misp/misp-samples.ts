/**
 * MISP stores a `malware-sample` as a zip encrypted with the password `infected`, holding the
 * sample (named by its MD5) and `<md5>.filename.txt` with the sample's original name. The alert
 * or case gets the sample itself, under its original name; a zip that cannot be opened that way is
 * kept as it came, with a message saying why.
 */
import type { AlertDraft, ObservableDraft } from '@propolis/feeder';
import { unzipEntries } from '../../blobs/zip.js';
import { MALWARE_SAMPLES } from './misp-mapping.js';

export const MISP_SAMPLE_PASSWORD = 'infected';

async function unpackOne(draft: ObservableDraft, maxSize: number): Promise<ObservableDraft> {
  const file = draft.file!;
  const zipName = file.name.replace(/\.zip$/, '');
  try {
    const entries = await unzipEntries(file.content, MISP_SAMPLE_PASSWORD, {
      maxEntries: 8,
      maxTotalSize: maxSize,
    });
    const names = new Map(
      entries
        .filter((e) => e.path.endsWith('.filename.txt'))
        .map((e) => [e.path.slice(0, -'.filename.txt'.length), e.bytes.toString('utf8').trim()]),
    );
    const samples = entries.filter((e) => !e.path.endsWith('.filename.txt'));
    if (samples.length !== 1) throw new Error(`it holds ${samples.length} samples, not one`);
    const sample = samples[0]!;
    const name = names.get(sample.path) || zipName || sample.path;
    return {
      ...draft,
      file: { name: name.slice(0, 255), contentType: 'application/octet-stream', content: sample.bytes },
    };
  } catch (error) {
    const why = `MISP malware sample kept zipped: ${(error as Error).message}`;
    return { ...draft, message: [draft.message, why].filter(Boolean).join(' — ') };
  }
}

/** The draft with its malware samples unpacked (each at most `maxSize` bytes). */
export async function unpackMalwareSamples(draft: AlertDraft, maxSize: number): Promise<AlertDraft> {
  if (!draft.observables.some((o) => MALWARE_SAMPLES.has(o))) return draft;
  const observables: ObservableDraft[] = [];
  for (const o of draft.observables)
    observables.push(MALWARE_SAMPLES.has(o) ? await unpackOne(o, maxSize) : o);
  return { ...draft, observables };
}
