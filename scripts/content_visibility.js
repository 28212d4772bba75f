// Inlined at the end of every page by scripts/hooks.py, which also marks <html>
// "nnbook-loading" from the page's head.
//
// While <html> is so marked, nnbook.css lets the browser skip the equations, listings,
// figures, tables and notebook cells far from the screen (content-visibility), so the first
// screen is ready sooner. A skipped block is also missing from the accessibility tree: a screen
// reader would not find it. So once the page has loaded and the browser is idle, the mark is
// taken off and every block is drawn; performance.mark("nnbook-drawn") records when, for
// scripts/bench.py. Without JavaScript the mark is never set, and all is drawn from the start.
//
// A skipped block has a placeholder height, so a link to a heading (#name) scrolls to where
// the heading is while the blocks above it are placeholders; as they are drawn at their real
// height, the heading moves away. So, when the blocks are drawn and after each change of the
// address's #name, scroll to the target again, frame after frame, until it has stayed put for
// three frames (at most a second), unless the reader scrolls first. A page opened at a #name
// draws its blocks at once, without waiting for the browser to be idle.
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
  function drawAll() {
    document.documentElement.classList.remove("nnbook-loading");
    void document.documentElement.scrollHeight; // lay every block out now
    performance.mark("nnbook-drawn");
    settle();
  }
  addEventListener("load", () => {
    if (location.hash || !("requestIdleCallback" in window)) drawAll();
    else requestIdleCallback(drawAll, { timeout: 500 });
  });
  addEventListener("hashchange", settle);
})();
