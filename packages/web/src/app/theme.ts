import { createTheme } from '@mantine/core';

/** The system font stack (nothing fetched), amber as the primary colour, compact defaults for lists. */
export const theme = createTheme({
  primaryColor: 'orange',
  primaryShade: { light: 8, dark: 5 },
  defaultRadius: 'sm',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  fontFamilyMonospace: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
});
