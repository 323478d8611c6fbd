import type { Clipboard } from '@angular/cdk/clipboard';

/** Puts `text` on the clipboard: the Clipboard API, else the legacy copy command. True when it worked. */
export async function copyText(text: string, fallback: Clipboard): Promise<boolean> {
  try {
    if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Clipboard API refused (insecure origin, no permission): try the legacy path.
  }
  return fallback.copy(text);
}
