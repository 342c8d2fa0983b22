// Applies the saved or system theme before the app's stylesheet paints, so a dark
// preference never flashes light. Mirrors initialTheme() in src/theme/theme.ts.
(function () {
  var theme = null;
  try {
    theme = window.localStorage.getItem('patchmon-theme');
  } catch (e) {
    theme = null;
  }
  if (theme !== 'light' && theme !== 'dark') {
    theme = window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  }
  document.documentElement.setAttribute('data-theme', theme);
  document.documentElement.style.colorScheme = theme;
})();
