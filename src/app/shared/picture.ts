/** Longest side of a lesson picture: sharp on a phone, small on a slow connection. */
const MAX_SIDE = 1280;

/**
 * A photo from the camera is often 3-5 MB; lesson pictures are shown on phones and downloaded on
 * prepaid data. Scales it down and stores it as WebP; a file the browser cannot decode is returned
 * as it is (the server still checks type and size).
 */
export async function preparePicture(file: Blob): Promise<Blob> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    return file;
  }
  const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(bitmap.width * scale);
  canvas.height = Math.round(bitmap.height * scale);
  canvas.getContext('2d')!.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  const webp = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/webp', 0.8));
  // Browsers without a WebP encoder hand back PNG, which is larger than a photo's JPEG.
  if (webp?.type === 'image/webp') return webp;
  return (await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.82))) ?? file;
}
