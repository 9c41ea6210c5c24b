/**
 * @propolis/client/node: everything of @propolis/client, plus what needs Node: files to upload
 * from a path (backed by the file, not read into memory first) and downloads saved to a path.
 */
export * from '../index.js';
export { fileFromPath } from './file-from-path.js';
export { saveDownload } from './save-download.js';
