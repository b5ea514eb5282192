import { createHash } from 'node:crypto';
import type { CodedReason } from '../http-errors';

/** Server-only database of media that tutors and peer mentors upload, one document per file. */
export const MEDIA_DB = 'me2me-media';

export type MediaExtension = 'webp' | 'png' | 'jpg' | 'm4a' | 'mp3' | 'ogg' | 'webm' | 'mp4';

interface MediaKind {
  readonly contentType: string;
  readonly maxBytes: number;
  /** What the first bytes of such a file look like. */
  readonly matches: (head: Buffer) => boolean;
  readonly label: string;
  /** The format's name, the same in every language (for the app's translated refusals). */
  readonly format: string;
}

const MB = 1024 * 1024;
const isoMedia = (head: Buffer) => head.length >= 12 && head.toString('latin1', 4, 8) === 'ftyp';
const matroska = (head: Buffer) => head.length >= 4 && head.readUInt32BE(0) === 0x1a45dfa3;

/**
 * What an upload may be, by its name's extension. Photos are resized on the device first, so 2 MB is
 * generous; a 5-minute lesson never needs more than a few minutes of audio or a short clip.
 */
export const MEDIA_KINDS: Record<MediaExtension, MediaKind> = {
  webp: {
    contentType: 'image/webp',
    maxBytes: 2 * MB,
    label: 'a WebP picture',
    format: 'WebP',
    matches: (h) => h.toString('latin1', 0, 4) === 'RIFF' && h.toString('latin1', 8, 12) === 'WEBP',
  },
  png: {
    contentType: 'image/png',
    maxBytes: 2 * MB,
    label: 'a PNG picture',
    format: 'PNG',
    matches: (h) => h.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  },
  jpg: {
    contentType: 'image/jpeg',
    maxBytes: 2 * MB,
    label: 'a JPEG picture',
    format: 'JPEG',
    matches: (h) => h.length >= 3 && h[0] === 0xff && h[1] === 0xd8 && h[2] === 0xff,
  },
  m4a: { contentType: 'audio/mp4', maxBytes: 8 * MB, label: 'an M4A recording', format: 'M4A', matches: isoMedia },
  mp3: {
    contentType: 'audio/mpeg',
    maxBytes: 8 * MB,
    label: 'an MP3 recording',
    format: 'MP3',
    matches: (h) => h.toString('latin1', 0, 3) === 'ID3' || (h[0] === 0xff && ((h[1] ?? 0) & 0xe0) === 0xe0),
  },
  ogg: {
    contentType: 'audio/ogg',
    maxBytes: 8 * MB,
    label: 'an Ogg recording',
    format: 'Ogg',
    matches: (h) => h.toString('latin1', 0, 4) === 'OggS',
  },
  webm: { contentType: 'video/webm', maxBytes: 20 * MB, label: 'a WebM recording or clip', format: 'WebM', matches: matroska },
  mp4: { contentType: 'video/mp4', maxBytes: 20 * MB, label: 'an MP4 clip', format: 'MP4', matches: isoMedia },
};

/**
 * Markup a browser that guesses types could take for a page: an upload whose first kilobyte holds any
 * of it is refused, whatever its first bytes claim (a PNG signature followed by a script).
 */
const MARKUP = /<(?:!doctype\s+html|html|head|body|script|iframe|svg|object|embed)[\s>/]/i;
export const MARKUP_SCAN_BYTES = 1024;

/** Uploaded files are named by their content: u- and the SHA-256 of the bytes, so a name never changes meaning. */
const UPLOAD_NAME = /^u-([0-9a-f]{64})\.(webp|png|jpg|m4a|mp3|ogg|webm|mp4)$/;

export function parseUploadName(name: string): { hash: string; extension: MediaExtension } | null {
  const match = UPLOAD_NAME.exec(name);
  return match ? { hash: match[1]!, extension: match[2] as MediaExtension } : null;
}

export function mediaDocId(name: string): string {
  return `media:${name}`;
}

/** Why these bytes may not be stored under this name (in English, and as a code for the app), or null when they may. */
export function refuseUpload(name: string, bytes: Buffer): CodedReason | null {
  const parsed = parseUploadName(name);
  if (!parsed)
    return {
      reason: 'A media name looks like u- followed by the SHA-256 of the file and an extension such as .webp.',
      code: 'media.badName',
    };
  const kind = MEDIA_KINDS[parsed.extension];
  const format = kind.format;
  if (bytes.length === 0) return { reason: 'The file is empty.', code: 'media.empty' };
  if (bytes.length > kind.maxBytes) {
    return {
      reason: `${kind.label} may be at most ${kind.maxBytes / MB} MB; this one is ${(bytes.length / MB).toFixed(1)} MB.`,
      ...tooLarge(parsed.extension),
    };
  }
  if (!kind.matches(bytes.subarray(0, 16)))
    return { reason: `The file is not ${kind.label}, as its name says.`, code: 'media.wrongKind', params: { format } };
  if (MARKUP.test(bytes.subarray(0, MARKUP_SCAN_BYTES).toString('latin1'))) {
    return {
      reason: `The file starts like ${kind.label} but holds web-page markup (such as <html> or <script>); save it again as a plain picture or recording.`,
      code: 'media.markup',
      params: { format },
    };
  }
  if (createHash('sha256').update(bytes).digest('hex') !== parsed.hash) {
    return { reason: 'The file does not match its name: it changed or arrived incomplete.', code: 'media.changed' };
  }
  return null;
}

/** The code of a file over its kind's size limit (in MB). */
export function tooLarge(extension: MediaExtension): { code: string; params: { format: string; max: number } } {
  return { code: 'media.tooLarge', params: { format: MEDIA_KINDS[extension].format, max: MEDIA_KINDS[extension].maxBytes / MB } };
}
