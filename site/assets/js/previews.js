// Preview cards for references: hovering or focusing a citation, footnote, equation,
// theorem or figure reference shows what it points to, copied from this page.
// Progressive enhancement: without this script they are plain links to the same places.
(() => {
  const SELECTOR = 'a.citation-link, a.crossref, a.eqref, .footnote-ref > a';
  const SHOW_DELAY = 250;
  const HIDE_DELAY = 200;
  let card;
  let owner;
  let showTimer;
  let hideTimer;

  /** What a link points to, as a block to copy into the card. */
  function targetOf(link) {
    const hash = link.getAttribute('href') || '';
    if (!hash.startsWith('#')) return undefined;
    let target;
    try {
      target = document.getElementById(decodeURIComponent(hash.slice(1)));
    } catch {
      return undefined;
    }
    if (!target) return undefined;
    return target.closest('.math-display, .katex-display') || target;
  }

  /** A copy without ids (they must stay unique) and without stops for the keyboard. */
  function copyOf(target) {
    const copy = target.cloneNode(true);
    for (const el of [copy, ...copy.querySelectorAll('[id]')]) el.removeAttribute('id');
    for (const el of copy.querySelectorAll('a, button, [tabindex]')) el.setAttribute('tabindex', '-1');
    for (const el of copy.querySelectorAll('.footnote-backref, .heading-anchor')) el.remove();
    for (const img of copy.querySelectorAll('img')) img.style.maxHeight = '12rem';
    copy.removeAttribute('role');
    // The card is the frame: the copy keeps none of its own.
    Object.assign(copy.style, { margin: '0', border: '0', padding: '0', background: 'none' });
    for (const el of [copy.firstElementChild, copy.lastElementChild]) if (el) el.style.margin = '0';
    return copy;
  }

  // Styled here, so pages pay for no stylesheet of the cards until a script shows one.
  const CARD_STYLE = [
    'position: fixed', 'z-index: 20', 'max-width: min(28rem, calc(100vw - 2rem))', 'max-height: 60vh', 'overflow: auto',
    'padding: 0.75rem 1rem', 'background: var(--bg, #fff)', 'color: var(--fg, #000)', 'border: 1px solid var(--border, #ccc)',
    'border-radius: 8px', 'box-shadow: 0 6px 24px rgb(0 0 0 / 0.18)', 'font-size: 0.92rem', 'line-height: 1.5', 'text-align: left',
  ].join('; ');

  function ensureCard() {
    if (card) return card;
    card = document.createElement('div');
    card.className = 'preview-card';
    card.style.cssText = CARD_STYLE;
    card.id = 'preview-card';
    card.setAttribute('role', 'tooltip');
    card.hidden = true;
    // Inside the page's main landmark, so assistive technology finds it with the content.
    const main = document.querySelector('main') || document.body;
    // The pointer may move onto the card (to read or select it) without it closing.
    card.addEventListener('mouseenter', () => clearTimeout(hideTimer));
    card.addEventListener('mouseleave', () => scheduleHide());
    main.append(card);
    return card;
  }

  function place(link) {
    const box = link.getBoundingClientRect();
    const width = Math.min(card.offsetWidth, document.documentElement.clientWidth - 16);
    const left = Math.max(8, Math.min(box.left, document.documentElement.clientWidth - width - 8));
    const below = window.innerHeight - box.bottom > card.offsetHeight + 12 || box.top < card.offsetHeight + 12;
    const top = below ? box.bottom + 6 : box.top - card.offsetHeight - 6;
    card.style.left = `${left}px`;
    card.style.top = `${top}px`;
  }

  function show(link) {
    clearTimeout(hideTimer);
    clearTimeout(showTimer);
    const target = targetOf(link);
    if (!target) return;
    ensureCard();
    if (owner && owner !== link) owner.removeAttribute('aria-describedby');
    card.replaceChildren(copyOf(target));
    card.hidden = false;
    owner = link;
    link.setAttribute('aria-describedby', card.id);
    place(link);
  }

  function hide() {
    clearTimeout(showTimer);
    clearTimeout(hideTimer);
    if (!card || card.hidden) return;
    card.hidden = true;
    owner?.removeAttribute('aria-describedby');
    owner = undefined;
  }

  function scheduleHide() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, HIDE_DELAY);
  }

  for (const link of document.querySelectorAll(SELECTOR)) {
    link.addEventListener('mouseenter', () => {
      clearTimeout(showTimer);
      showTimer = setTimeout(() => show(link), SHOW_DELAY);
    });
    link.addEventListener('mouseleave', () => {
      clearTimeout(showTimer);
      scheduleHide();
    });
    link.addEventListener('focus', () => show(link));
    link.addEventListener('blur', () => hide());
    // Following the link goes there: the card has nothing more to say.
    link.addEventListener('click', () => hide());
  }
  // The card is placed in the window: it follows its link when the page scrolls.
  window.addEventListener('scroll', () => owner && !card.hidden && place(owner), { passive: true });
  window.addEventListener('beforeprint', hide);
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') hide();
  });
})();
