/**
 * EXIF, IPTC and XMP metadata of an image, read with `exifreader`: each tag's readable description
 * (camera, software, dates, author, GPS position...), without thumbnails or binary blobs.
 */
const MAX_VALUE = 1024;

export async function exifOf(bytes: Buffer): Promise<Record<string, string> | undefined> {
  const ExifReader = await import('exifreader');
  const load = (
    ExifReader.load ?? (ExifReader as unknown as { default: typeof ExifReader }).default.load
  ).bind(ExifReader);
  let tags: Record<string, unknown>;
  try {
    tags = load(bytes) as unknown as Record<string, unknown>;
  } catch {
    return undefined; // no metadata, or not an image it reads
  }
  const out: Record<string, string> = {};
  for (const [name, tag] of Object.entries(tags)) {
    if (name === 'Thumbnail' || name === 'MakerNote' || name === 'Images') continue;
    const description = (tag as { description?: unknown })?.description;
    if (typeof description === 'string' && description !== '') out[name] = description.slice(0, MAX_VALUE);
    else if (typeof description === 'number') out[name] = String(description);
  }
  return out;
}
