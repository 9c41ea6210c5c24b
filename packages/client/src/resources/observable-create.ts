/**
 * Creating observables of a case or an alert: JSON, or multipart with the file of a file observable
 * (the `attachment` part, as thehive4py sends it).
 */
import type { CallOptions, Transport } from '../transport.js';
import type { InputObservable, OutputObservable } from '../types.js';
import { type FileUpload, multipartForm } from '../upload.js';

export async function createObservables(
  t: Transport,
  path: string,
  observable: InputObservable,
  options: CallOptions & { file?: FileUpload },
): Promise<OutputObservable[]> {
  const { file, ...call } = options;
  if (!file) return t.json({ method: 'POST', path, json: observable }, call);
  const form = await multipartForm(observable, [{ field: 'attachment', file }]);
  return t.json({ method: 'POST', path, body: form }, call);
}
