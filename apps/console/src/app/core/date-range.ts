/** What every day filter says when From is after To. */
export const FROM_AFTER_TO = 'From must not be after To';

/** The From / To pair of a day filter: an error message, or null when the range can be asked for. */
export function rangeProblem(from: string | undefined, to: string | undefined): string | null {
  return from && to && from > to ? FROM_AFTER_TO : null;
}
