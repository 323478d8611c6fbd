/** The From / To pair of a day filter: an error message, or null when the range can be asked for. */
export function rangeProblem(from: string, to: string): string | null {
  return from && to && from > to ? 'From must not be after To' : null;
}
