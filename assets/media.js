/* Video facades (templates/partials/media.html): nothing is loaded from YouTube or Vimeo until the
   reader clicks; then the player replaces the poster. Without JavaScript the poster links to the video. */
(() => {
  "use strict";
  document.addEventListener("click", (event) => {
    const link = event.target instanceof Element ? event.target.closest(".video .video-link") : null;
    const figure = link && link.closest(".video");
    if (!figure || !figure.dataset.player || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    const frame = document.createElement("iframe");
    frame.className = "video-frame";
    frame.src = figure.dataset.player;
    frame.title = link.querySelector(".video-label").textContent;
    frame.allow = "autoplay; fullscreen; picture-in-picture; encrypted-media";
    frame.allowFullscreen = true;
    link.replaceWith(frame);
    frame.focus();
  });
})();
