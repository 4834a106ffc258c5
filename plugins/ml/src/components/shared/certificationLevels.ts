/**
 * Badge colours of the usual certification levels, one set for every card and
 * page; other levels fall back to the theme's primary colour.
 */
export const LEVEL_COLOURS: Record<
  string,
  { background: string; color: string }
> = {
  bronze: { background: '#b87333', color: '#ffffff' },
  silver: { background: '#c0c0c0', color: '#000000' },
  gold: { background: '#d4af37', color: '#000000' },
};
