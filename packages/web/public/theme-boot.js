// Applies the saved colour scheme before the app loads, so a dark page does not flash white.
// (An external file: the Content-Security-Policy allows no inline script.)
(() => {
  try {
    const saved = localStorage.getItem('propolis-color-scheme') || 'auto';
    const dark = saved === 'dark' || (saved === 'auto' && matchMedia('(prefers-color-scheme: dark)').matches);
    document.documentElement.setAttribute('data-mantine-color-scheme', dark ? 'dark' : 'light');
  } catch {
    // no storage: the app applies its default
  }
})();
