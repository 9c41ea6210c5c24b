import { createTheme } from '@mantine/core';

/** The system font stack (nothing fetched), indigo as the primary colour, compact defaults for lists. */
export const theme = createTheme({
  // indigo at these shades keeps white text and links at WCAG AA contrast in both schemes
  primaryColor: 'indigo',
  primaryShade: { light: 8, dark: 7 },
  defaultRadius: 'sm',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  fontFamilyMonospace: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
  // every close button has a name for screen readers; plain objects, not `Modal.extend(...)`, so the
  // theme does not pull the Modal and Drawer components into the entry bundle
  components: {
    Modal: { defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } },
    Drawer: { defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } },
    Notification: { defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } },
  },
});
