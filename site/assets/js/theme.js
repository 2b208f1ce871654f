// Theme toggle: the page follows the OS setting until the reader picks a theme here;
// the choice is kept in localStorage['lemma-theme'] and applied before paint by the
// inline script in <head>. Without JavaScript the button stays hidden.
(() => {
  const KEY = 'lemma-theme';
  const root = document.documentElement;
  const button = document.querySelector('.theme-toggle');
  if (!button) return;
  const osDark = window.matchMedia('(prefers-color-scheme: dark)');
  const current = () => root.dataset.theme || (osDark.matches ? 'dark' : 'light');
  const show = () => button.setAttribute('aria-pressed', String(current() === 'dark'));

  button.addEventListener('click', () => {
    const next = current() === 'dark' ? 'light' : 'dark';
    root.dataset.theme = next;
    try {
      localStorage.setItem(KEY, next);
    } catch {
      // Storage can be disabled; the choice then lasts for this page only.
    }
    show();
  });
  osDark.addEventListener('change', show);
  button.hidden = false;
  show();
})();
