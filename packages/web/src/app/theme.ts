import { createTheme } from '@mantine/core';

/** The system font stack (nothing fetched), indigo as the primary colour, compact defaults for lists. */
export const theme = createTheme({
  // indigo at these shades keeps white text and links at WCAG AA contrast in both schemes
  primaryColor: 'indigo',
  primaryShade: { light: 8, dark: 4 },
  defaultRadius: 'sm',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  fontFamilyMonospace: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
});
