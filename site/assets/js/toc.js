// The table of contents (progressive enhancement: without this script it is folded on
// narrow screens and shown open beside the text on wide ones, by CSS alone). Here it is
// kept open where it sits beside the text, and the entry of the section being read is
// marked with aria-current.
(() => {
  const toc = document.querySelector('.toc');
  const box = toc?.querySelector('details');
  if (!toc || !box) return;
  const beside = window.matchMedia('(min-width: 76rem)');
  const place = () => {
    if (beside.matches) box.open = true;
  };
  beside.addEventListener('change', () => (beside.matches ? place() : (box.open = false)));
  place();

  const entries = [...toc.querySelectorAll('a[href^="#"]')]
    .map((link) => ({ link, target: document.getElementById(decodeURIComponent(link.hash.slice(1))) }))
    .filter((entry) => entry.target);
  if (!entries.length) return;
  let current;
  const mark = () => {
    // The section being read: the last whose heading is above the upper third of the window.
    const line = window.innerHeight / 3;
    let found = entries[0];
    for (const entry of entries) if (entry.target.getBoundingClientRect().top <= line) found = entry;
    if (found === current) return;
    current?.link.removeAttribute('aria-current');
    found.link.setAttribute('aria-current', 'location');
    current = found;
  };
  let queued = false;
  const onScroll = () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      mark();
    });
  };
  window.addEventListener('scroll', onScroll, { passive: true });
  window.addEventListener('resize', onScroll, { passive: true });
  mark();
})();
