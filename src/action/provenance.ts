/**
 * Which commit of the blog the site at the root of the Pages branch was built from, kept as a
 * trailer in each Pages commit, so a deploy can tell whether it is about to replace a site
 * built from a newer commit (an older run that started late, or an old run re-run).
 */
export const SOURCE_TRAILER = 'Lemma-Source';

/** The source commit a Pages commit message records for the root site, if it names one. */
export function recordedSource(message: string): string | undefined {
  const matches = [...message.matchAll(new RegExp(`^${SOURCE_TRAILER}: ([0-9a-f]{7,64})\\s*$`, 'gim'))];
  return matches.at(-1)?.[1].toLowerCase();
}

/** `subject` with the trailer naming `source` (a deploy of the root, or one carried over from the tip). */
export function withSourceTrailer(subject: string, source: string | undefined): string {
  return source ? `${subject}\n\n${SOURCE_TRAILER}: ${source}` : subject;
}

/** How `recorded` (the site on the branch) relates to the commit this run built. */
export type Ancestry = 'same' | 'newer' | 'older' | 'diverged' | 'unknown';

/**
 * GitHub's compare of base=this run's commit with head=the recorded one: `ahead` means the
 * recorded commit descends from ours (so ours is older); `behind` means ours is newer.
 */
export function ancestryFromCompare(status: string | undefined): Ancestry {
  switch (status) {
    case 'identical':
      return 'same';
    case 'ahead':
      return 'newer';
    case 'behind':
      return 'older';
    case 'diverged':
      return 'diverged';
    default:
      return 'unknown';
  }
}
