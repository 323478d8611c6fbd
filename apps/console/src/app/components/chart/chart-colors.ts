/** Series colours that read well on white. */
export const SERIES_COLORS = ['#005cbb', '#d0004b', '#0b8a3a', '#b86e00', '#6a3fb5', '#00838f', '#8d6e63'];

export const seriesColor = (index: number): string => SERIES_COLORS[index % SERIES_COLORS.length];
