// Print every collapsed block open (proofs are part of the text on paper), then
// restore the reader's choice. The print stylesheet does the rest.
(() => {
  let opened = [];
  window.addEventListener('beforeprint', () => {
    opened = [...document.querySelectorAll('details:not([open])')];
    for (const details of opened) details.open = true;
  });
  window.addEventListener('afterprint', () => {
    for (const details of opened) details.open = false;
    opened = [];
  });
})();
