// The search page: Pagefind's UI over the index built after each build. Result URLs
// are site paths, so the base URL carries the path prefix (e.g. /repo/).
window.addEventListener('DOMContentLoaded', () => {
  const element = document.getElementById('search');
  if (!element || typeof PagefindUI === 'undefined') return;
  new PagefindUI({
    element: '#search',
    baseUrl: element.dataset.baseUrl || '/',
    showSubResults: true,
    showImages: false,
    autofocus: true,
  });
  const query = new URLSearchParams(window.location.search).get('q');
  const input = element.querySelector('input');
  // Pagefind's field has a placeholder and title but no accessible label of its own.
  input?.setAttribute('aria-label', 'Search the blog');
  if (query && input) {
    input.value = query;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }
});
