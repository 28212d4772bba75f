// Inlined at the end of every page by scripts/hooks.py.
//
// nnbook.css draws equations, listings, figures and notebook cells only as they come near the
// screen (content-visibility), with a placeholder height until then. A link to a heading
// (#name) scrolls to where the heading is while the blocks around it are placeholders; as
// they are drawn at their real height, the heading moves away. So, after the page loads
// and after each change of the address's #name, scroll to the target again, frame after
// frame, until it has stayed put for three frames (at most a second), unless the reader
// scrolls first.
(() => {
  function settle() {
    const id = decodeURIComponent(location.hash.slice(1));
    const target = id && document.getElementById(id);
    if (!target) return;
    let last = NaN, still = 0, frames = 0;
    const reader = () => { frames = Infinity; };
    for (const event of ["wheel", "touchstart", "keydown", "mousedown"]) {
      addEventListener(event, reader, { once: true, passive: true });
    }
    const again = () => {
      const top = target.getBoundingClientRect().top;
      still = top === last ? still + 1 : 0;
      if (still >= 3 || ++frames > 60) return;
      last = top;
      target.scrollIntoView();
      requestAnimationFrame(again);
    };
    requestAnimationFrame(again);
  }
  addEventListener("load", settle);
  addEventListener("hashchange", settle);
})();
