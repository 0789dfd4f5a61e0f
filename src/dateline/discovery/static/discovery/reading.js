// Counts one reading of this article for "Most read", on this site's own server.
// No cookie, no identifier: one POST naming the article, sent once the page is seen
// (a tab opened in the background counts when it is first shown).
(function () {
  "use strict";
  var script = document.currentScript;
  var url = script && script.dataset.beacon;
  if (!url || !navigator.sendBeacon) return;

  function send() {
    navigator.sendBeacon(url);
  }

  if (document.visibilityState === "visible") {
    send();
  } else {
    document.addEventListener("visibilitychange", function shown() {
      if (document.visibilityState !== "visible") return;
      document.removeEventListener("visibilitychange", shown);
      send();
    });
  }
})();
